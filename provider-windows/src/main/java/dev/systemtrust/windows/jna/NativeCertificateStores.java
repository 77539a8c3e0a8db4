package dev.systemtrust.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import dev.systemtrust.windows.CertificateStores;
import dev.systemtrust.windows.StoreLocation;
import dev.systemtrust.windows.StoreProvider;
import java.util.ArrayList;
import java.util.List;

/** {@link CertificateStores} over crypt32: opens read-only, copies DER and EKU out, frees every handle. */
public final class NativeCertificateStores implements CertificateStores {
    private static final int ERROR_FILE_NOT_FOUND = 2;
    private static final int ERROR_PATH_NOT_FOUND = 3;
    private static final int CRYPT_E_NOT_FOUND = 0x80092004;

    private final Crypt32 crypt32 = Crypt32.Holder.INSTANCE;

    @Override
    public StoreListing list(StoreProvider provider, StoreLocation location, String storeName) {
        Pointer store = crypt32.CertOpenStore(new Pointer(provider.constant()), 0, null,
                location.flag() | Crypt32.CERT_STORE_OPEN_EXISTING_FLAG | Crypt32.CERT_STORE_READONLY_FLAG,
                new WString(storeName));
        if (store == null) {
            int error = Native.getLastError();
            return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND
                    ? StoreListing.notFound(error) : StoreListing.failed(error);
        }
        List<StoreEntry> entries = new ArrayList<>();
        Pointer context = null;
        try {
            while ((context = crypt32.CertEnumCertificatesInStore(store, context)) != null) {
                entries.add(new StoreEntry(encoded(context), usage(context)));
            }
        } finally {
            if (context != null) {
                crypt32.CertFreeCertificateContext(context); // only when the loop left early
            }
            crypt32.CertCloseStore(store, 0);
        }
        return StoreListing.opened(entries);
    }

    /** CERT_CONTEXT: DWORD dwCertEncodingType; BYTE *pbCertEncoded; DWORD cbCertEncoded; ... (natural alignment). */
    private static byte[] encoded(Pointer context) {
        Pointer bytes = context.getPointer(Native.POINTER_SIZE);
        int length = context.getInt(2L * Native.POINTER_SIZE);
        return bytes.getByteArray(0, length);
    }

    private EnhancedKeyUsage usage(Pointer context) {
        IntByReference size = new IntByReference();
        if (!crypt32.CertGetEnhancedKeyUsage(context, 0, null, size)) {
            return EnhancedKeyUsage.error(Native.getLastError());
        }
        Memory buffer = new Memory(Math.max(size.getValue(), 2L * Native.POINTER_SIZE));
        if (!crypt32.CertGetEnhancedKeyUsage(context, 0, buffer, size)) {
            return EnhancedKeyUsage.error(Native.getLastError());
        }
        // CERT_ENHKEY_USAGE: DWORD cUsageIdentifier; LPSTR *rgpszUsageIdentifier.
        int count = buffer.getInt(0);
        if (count == 0) {
            return Native.getLastError() == CRYPT_E_NOT_FOUND ? EnhancedKeyUsage.allUses() : EnhancedKeyUsage.noUses();
        }
        Pointer identifiers = buffer.getPointer(Native.POINTER_SIZE);
        List<String> oids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            oids.add(identifiers.getPointer((long) i * Native.POINTER_SIZE).getString(0, "US-ASCII"));
        }
        return EnhancedKeyUsage.listed(oids);
    }
}
