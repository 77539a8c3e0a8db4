package dev.systemtrust.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import dev.systemtrust.windows.CertificateStores;
import dev.systemtrust.windows.StoreLocation;
import dev.systemtrust.windows.StoreProvider;
import dev.systemtrust.windows.WincryptConstants;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CertificateStores} over crypt32: opens read-only, copies out DER bytes, usage identifiers (the EKU
 * extension and the EKU property asked separately), property bytes and the last errors of failed calls exactly as
 * crypt32 returned them, and frees every context and store. Decides nothing.
 */
public final class NativeCertificateStores implements CertificateStores {
    /** Far above any real certificate or property; a larger answer is a broken library, not data to copy. */
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_IDENTIFIERS = 4096;
    private static final int USAGE_HEADER_SIZE = new Wincrypt.CERT_ENHKEY_USAGE().size();

    private final Crypt32 crypt32;

    public NativeCertificateStores() {
        this(Crypt32.load());
    }

    public NativeCertificateStores(Crypt32 crypt32) {
        this.crypt32 = crypt32;
    }

    @Override
    public StoreListing list(StoreProvider provider, StoreLocation location, String storeName,
            boolean usageAndProperties) {
        Pointer store = crypt32.CertOpenStore(new Pointer(provider.constant()), 0, null,
                location.flag() | WincryptConstants.CERT_STORE_OPEN_EXISTING_FLAG
                        | WincryptConstants.CERT_STORE_READONLY_FLAG,
                new WString(storeName));
        if (store == null) {
            return StoreListing.openFailed(Native.getLastError());
        }
        List<StoreEntry> entries = new ArrayList<>();
        Pointer context = null;
        try {
            while (true) {
                // Frees the previous context, also when it returns NULL.
                context = crypt32.CertEnumCertificatesInStore(store, context);
                if (context == null) {
                    return StoreListing.enumerated(entries, Native.getLastError());
                }
                entries.add(entry(context, usageAndProperties));
            }
        } finally {
            if (context != null) {
                crypt32.CertFreeCertificateContext(context); // only when the loop left by an exception
            }
            crypt32.CertCloseStore(store, 0);
        }
    }

    private StoreEntry entry(Pointer context, boolean usageAndProperties) {
        Wincrypt.CERT_CONTEXT certificate = new Wincrypt.CERT_CONTEXT(context);
        int length = certificate.cbCertEncoded;
        byte[] der = length < 0 || length > MAX_BYTES || certificate.pbCertEncoded == null ? new byte[0]
                : certificate.pbCertEncoded.getByteArray(0, length);
        if (!usageAndProperties) {
            return StoreEntry.bare(der);
        }
        Map<Integer, PropertyRead> properties = new HashMap<>();
        for (int id : PARTIAL_DISTRUST_PROPERTIES) {
            properties.put(id, property(context, id));
        }
        return new StoreEntry(der, new EnhancedKeyUsage(
                usage(context, WincryptConstants.CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG),
                usage(context, WincryptConstants.CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG)), properties);
    }

    /** One source of the usage; the last error is read only after a FALSE return, where crypt32 sets it. */
    private UsageQuery usage(Pointer context, int source) {
        IntByReference size = new IntByReference();
        if (!crypt32.CertGetEnhancedKeyUsage(context, source, null, size)) {
            return UsageQuery.failed(Native.getLastError());
        }
        int needed = Math.max(size.getValue(), USAGE_HEADER_SIZE);
        if (needed > MAX_BYTES) {
            throw new IllegalStateException("CertGetEnhancedKeyUsage asked for " + needed + " bytes");
        }
        Memory buffer = new Memory(needed);
        size.setValue(needed);
        if (!crypt32.CertGetEnhancedKeyUsage(context, source, buffer, size)) {
            return UsageQuery.failed(Native.getLastError());
        }
        Wincrypt.CERT_ENHKEY_USAGE usage = new Wincrypt.CERT_ENHKEY_USAGE(buffer);
        int count = usage.cUsageIdentifier;
        if (count < 0 || count > MAX_IDENTIFIERS || (count > 0 && usage.rgpszUsageIdentifier == null)) {
            throw new IllegalStateException("CertGetEnhancedKeyUsage returned " + count + " identifiers at "
                    + usage.rgpszUsageIdentifier);
        }
        long array = count == 0 ? 0 : Pointer.nativeValue(usage.rgpszUsageIdentifier);
        // Copied while the buffer is in use: the strings are read from the copy, never through freed memory.
        byte[] filled = buffer.getByteArray(0, Math.max(0, Math.min(size.getValue(), needed)));
        return UsageQuery.listed(PackedUsageIdentifiers.read(filled, Pointer.nativeValue(buffer), array, count,
                Native.POINTER_SIZE));
    }

    private PropertyRead property(Pointer context, int id) {
        IntByReference size = new IntByReference();
        if (!crypt32.CertGetCertificateContextProperty(context, id, null, size)) {
            return PropertyRead.notReturned(Native.getLastError());
        }
        int needed = size.getValue();
        if (needed < 0 || needed > MAX_BYTES) {
            throw new IllegalStateException("CertGetCertificateContextProperty(" + id + ") asked for " + needed
                    + " bytes");
        }
        if (needed == 0) {
            return PropertyRead.of(new byte[0]);
        }
        Memory buffer = new Memory(needed);
        if (!crypt32.CertGetCertificateContextProperty(context, id, buffer, size)) {
            return PropertyRead.notReturned(Native.getLastError());
        }
        return PropertyRead.of(buffer.getByteArray(0, Math.min(Math.max(size.getValue(), 0), needed)));
    }
}
