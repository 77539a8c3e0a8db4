package dev.systemtrust.windows.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;

/**
 * The crypt32 functions SystemTrust calls, mapped one to one (interface mapping: a read makes a few hundred calls,
 * so direct mapping's speed buys nothing). Handles are plain {@link Pointer}s; every one is released by its caller.
 */
public interface Crypt32 extends Library {
    int CERT_STORE_OPEN_EXISTING_FLAG = 0x00004000;
    int CERT_STORE_READONLY_FLAG = 0x00008000;

    /** Loaded on first use only: referencing this interface is what loads JNA and crypt32.dll. */
    final class Holder {
        static final Crypt32 INSTANCE = Native.load("crypt32", Crypt32.class);

        private Holder() {
        }
    }

    /** {@code HCERTSTORE CertOpenStore(LPCSTR, DWORD, HCRYPTPROV_LEGACY, DWORD, const void*)}. */
    Pointer CertOpenStore(Pointer storeProvider, int encodingType, Pointer cryptProv, int flags, WString para);

    /** {@code PCCERT_CONTEXT CertEnumCertificatesInStore(HCERTSTORE, PCCERT_CONTEXT)}: frees the previous context. */
    Pointer CertEnumCertificatesInStore(Pointer store, Pointer previous);

    /** {@code BOOL CertGetEnhancedKeyUsage(PCCERT_CONTEXT, DWORD, PCERT_ENHKEY_USAGE, DWORD*)}. */
    boolean CertGetEnhancedKeyUsage(Pointer context, int flags, Pointer usage, IntByReference usageSize);

    /** {@code BOOL CertFreeCertificateContext(PCCERT_CONTEXT)}. */
    boolean CertFreeCertificateContext(Pointer context);

    /** {@code BOOL CertCloseStore(HCERTSTORE, DWORD)}. */
    boolean CertCloseStore(Pointer store, int flags);
}
