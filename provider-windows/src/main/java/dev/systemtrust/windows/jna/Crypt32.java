package dev.systemtrust.windows.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The crypt32 functions SystemTrust calls, mapped one to one with the C calling convention (Windows' only one on
 * x64 and ARM64; 32-bit JVMs are refused before this interface is touched). Interface mapping: a read makes a few
 * hundred calls, so direct mapping's speed buys nothing. Handles are plain {@link Pointer}s; every one is released
 * by its caller. JNA records {@code GetLastError()} right after each call ({@link Native#getLastError()}).
 */
public interface Crypt32 extends Library {
    /**
     * A library to load instead of {@code crypt32}: a name or an absolute path. Only tests set it (they load a shim
     * built from the header's declarations); unset, the system's crypt32.dll is used.
     */
    String LIBRARY_PROPERTY = "systemtrust.windows.crypt32";

    /** Loaded on first use only: referencing this holder is what loads JNA and crypt32.dll. */
    final class Holder {
        static final Crypt32 INSTANCE = Native.load("crypt32", Crypt32.class);

        private Holder() {
        }
    }

    /** crypt32, or the library {@link #LIBRARY_PROPERTY} names. */
    static Crypt32 load() {
        String library = System.getProperty(LIBRARY_PROPERTY);
        return library == null || library.isEmpty() ? Holder.INSTANCE : load(library);
    }

    /** The functions from the named library (JNA caches the library itself). */
    static Crypt32 load(String nameOrPath) {
        return Native.load(nameOrPath, Crypt32.class);
    }

    /** {@code HCERTSTORE CertOpenStore(LPCSTR, DWORD, HCRYPTPROV_LEGACY, DWORD, const void*)}. */
    Pointer CertOpenStore(Pointer storeProvider, int encodingType, Pointer cryptProv, int flags, WString para);

    /** {@code PCCERT_CONTEXT CertEnumCertificatesInStore(HCERTSTORE, PCCERT_CONTEXT)}: frees the previous context. */
    Pointer CertEnumCertificatesInStore(Pointer store, Pointer previous);

    /** {@code BOOL CertGetEnhancedKeyUsage(PCCERT_CONTEXT, DWORD, PCERT_ENHKEY_USAGE, DWORD*)}. */
    boolean CertGetEnhancedKeyUsage(Pointer context, int flags, Pointer usage, IntByReference usageSize);

    /** {@code BOOL CertGetCertificateContextProperty(PCCERT_CONTEXT, DWORD, void*, DWORD*)}. */
    boolean CertGetCertificateContextProperty(Pointer context, int propertyId, Pointer data, IntByReference size);

    /** {@code BOOL CertSetCertificateContextProperty(PCCERT_CONTEXT, DWORD, DWORD, const void*)}. */
    boolean CertSetCertificateContextProperty(Pointer context, int propertyId, int flags,
            Wincrypt.CRYPT_DATA_BLOB data);

    /** {@code BOOL CertFreeCertificateContext(PCCERT_CONTEXT)}. */
    boolean CertFreeCertificateContext(Pointer context);

    /** {@code BOOL CertCloseStore(HCERTSTORE, DWORD)}. */
    boolean CertCloseStore(Pointer store, int flags);

    /** {@code PCCERT_CONTEXT CertCreateCertificateContext(DWORD, const BYTE*, DWORD)}: copies the bytes. */
    Pointer CertCreateCertificateContext(int encodingType, byte[] encoded, int length);

    /** {@code BOOL CertAddEncodedCertificateToStore(HCERTSTORE, DWORD, const BYTE*, DWORD, DWORD, PCCERT_CONTEXT*)}. */
    boolean CertAddEncodedCertificateToStore(Pointer store, int encodingType, byte[] encoded, int length,
            int disposition, Pointer added);

    /**
     * {@code BOOL CertGetCertificateChain(HCERTCHAINENGINE, PCCERT_CONTEXT, LPFILETIME, HCERTSTORE,
     * PCERT_CHAIN_PARA, DWORD, LPVOID, PCCERT_CHAIN_CONTEXT*)}.
     */
    boolean CertGetCertificateChain(Pointer engine, Pointer context, Wincrypt.FILETIME time, Pointer additionalStore,
            Wincrypt.CERT_CHAIN_PARA parameters, int flags, Pointer reserved, PointerByReference chain);

    /**
     * {@code BOOL CertVerifyCertificateChainPolicy(LPCSTR, PCCERT_CHAIN_CONTEXT, PCERT_CHAIN_POLICY_PARA,
     * PCERT_CHAIN_POLICY_STATUS)}.
     */
    boolean CertVerifyCertificateChainPolicy(Pointer policy, Pointer chain, Wincrypt.CERT_CHAIN_POLICY_PARA parameters,
            Wincrypt.CERT_CHAIN_POLICY_STATUS status);

    /** {@code VOID CertFreeCertificateChain(PCCERT_CHAIN_CONTEXT)}. */
    void CertFreeCertificateChain(Pointer chain);
}
