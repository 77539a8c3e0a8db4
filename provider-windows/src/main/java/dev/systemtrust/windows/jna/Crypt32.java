package dev.systemtrust.windows.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

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

    int X509_AND_PKCS7_ENCODING = 0x00010001;
    int CERT_STORE_PROV_MEMORY = 2;
    int CERT_STORE_ADD_ALWAYS = 4;
    int CERT_CHAIN_POLICY_SSL = 4;

    /** {@code PCCERT_CONTEXT CertCreateCertificateContext(DWORD, const BYTE*, DWORD)}. */
    Pointer CertCreateCertificateContext(int encodingType, byte[] encoded, int length);

    /** {@code BOOL CertAddEncodedCertificateToStore(HCERTSTORE, DWORD, const BYTE*, DWORD, DWORD, PCCERT_CONTEXT*)}. */
    boolean CertAddEncodedCertificateToStore(Pointer store, int encodingType, byte[] encoded, int length,
            int disposition, Pointer added);

    /**
     * {@code BOOL CertGetCertificateChain(HCERTCHAINENGINE, PCCERT_CONTEXT, LPFILETIME, HCERTSTORE,
     * PCERT_CHAIN_PARA, DWORD, LPVOID, PCCERT_CHAIN_CONTEXT*)}.
     */
    boolean CertGetCertificateChain(Pointer engine, Pointer context, Pointer time, Pointer additionalStore,
            ChainStructures.ChainPara parameters, int flags, Pointer reserved, PointerByReference chain);

    /**
     * {@code BOOL CertVerifyCertificateChainPolicy(LPCSTR, PCCERT_CHAIN_CONTEXT, PCERT_CHAIN_POLICY_PARA,
     * PCERT_CHAIN_POLICY_STATUS)}.
     */
    boolean CertVerifyCertificateChainPolicy(Pointer policy, Pointer chain, ChainStructures.PolicyPara parameters,
            ChainStructures.PolicyStatus status);

    /** {@code VOID CertFreeCertificateChain(PCCERT_CHAIN_CONTEXT)}. */
    void CertFreeCertificateChain(Pointer chain);
}
