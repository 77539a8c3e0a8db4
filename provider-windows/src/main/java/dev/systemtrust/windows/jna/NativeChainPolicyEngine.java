package dev.systemtrust.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.windows.ChainPolicyEngine;
import dev.systemtrust.windows.WincryptConstants;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ChainPolicyEngine} over crypt32: the leaf as a certificate context (carrying the stapled OCSP response as
 * {@code CERT_OCSP_RESPONSE_PROP_ID}, the way Schannel hands one to the chain engine), the rest in an in-memory
 * store, a chain built by the current user's engine with the given parameters, then the SSL policy with the server
 * name. Every context, store and chain is freed, and every buffer crypt32 reads through a pointer (the OID strings
 * and their array, the SSL policy parameters and the server name they point to, the stapled response) stays
 * strongly reachable until the call that reads it has returned: JNA frees a buffer once its Java object is
 * collected, and nothing in a native structure keeps the Java object alive.
 */
public final class NativeChainPolicyEngine implements ChainPolicyEngine {
    /** A chain longer than this is not a TLS server's; a larger count is a broken library. */
    private static final int MAX_ELEMENTS = 64;
    private static final int MAX_CERTIFICATE_BYTES = 1 << 20;
    private static final int ENCODING = WincryptConstants.X509_ASN_ENCODING | WincryptConstants.PKCS_7_ASN_ENCODING;

    private final Crypt32 crypt32;

    public NativeChainPolicyEngine() {
        this(Crypt32.load());
    }

    public NativeChainPolicyEngine(Crypt32 crypt32) {
        this.crypt32 = crypt32;
    }

    @Override
    public ChainPolicyResult verifyServerChain(ChainRequest request) {
        ChainParameters asked = request.parameters();
        byte[] leaf = request.chainDer().get(0);
        Pointer leafContext = crypt32.CertCreateCertificateContext(ENCODING, leaf, leaf.length);
        if (leafContext == null) {
            return ChainPolicyResult.callFailed("CertCreateCertificateContext", Native.getLastError());
        }
        Pointer intermediates = null;
        Pointer chain = null;
        Memory ocsp = null;
        Wincrypt.CRYPT_DATA_BLOB ocspBlob = null;
        StringArray identifiers = null;
        Wincrypt.CERT_CHAIN_PARA parameters = null;
        Wincrypt.FILETIME time = null;
        Wincrypt.SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl = null;
        Wincrypt.CERT_CHAIN_POLICY_PARA policy = null;
        try {
            intermediates = crypt32.CertOpenStore(new Pointer(WincryptConstants.CERT_STORE_PROV_MEMORY), 0, null, 0,
                    null);
            if (intermediates == null) {
                return ChainPolicyResult.callFailed("CertOpenStore(memory)", Native.getLastError());
            }
            for (byte[] der : request.chainDer().subList(1, request.chainDer().size())) {
                if (!crypt32.CertAddEncodedCertificateToStore(intermediates, ENCODING, der, der.length,
                        WincryptConstants.CERT_STORE_ADD_ALWAYS, null)) {
                    return ChainPolicyResult.callFailed("CertAddEncodedCertificateToStore", Native.getLastError());
                }
            }
            int stapleError = 0;
            if (request.stapledOcsp() != null && request.stapledOcsp().length > 0) {
                ocsp = new Memory(request.stapledOcsp().length);
                ocsp.write(0, request.stapledOcsp(), 0, request.stapledOcsp().length);
                ocspBlob = new Wincrypt.CRYPT_DATA_BLOB();
                ocspBlob.cbData = request.stapledOcsp().length;
                ocspBlob.pbData = ocsp;
                if (!crypt32.CertSetCertificateContextProperty(leafContext,
                        WincryptConstants.CERT_OCSP_RESPONSE_PROP_ID,
                        WincryptConstants.CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG, ocspBlob)) {
                    stapleError = Native.getLastError();
                }
            }
            identifiers = new StringArray(asked.usageIdentifiers().toArray(new String[0]), "US-ASCII");
            parameters = new Wincrypt.CERT_CHAIN_PARA();
            parameters.RequestedUsage.dwType = asked.usageMatchType();
            parameters.RequestedUsage.Usage.cUsageIdentifier = asked.usageIdentifiers().size();
            parameters.RequestedUsage.Usage.rgpszUsageIdentifier = identifiers;
            parameters.dwUrlRetrievalTimeout = asked.urlRetrievalTimeoutMillis();
            time = request.verificationTime() == null ? null : Wincrypt.FILETIME.of(request.verificationTime());
            PointerByReference built = new PointerByReference();
            if (!crypt32.CertGetCertificateChain(null, leafContext, time, intermediates, parameters,
                    asked.chainFlags(), null, built)) {
                return ChainPolicyResult.callFailed("CertGetCertificateChain", Native.getLastError());
            }
            chain = built.getValue();
            if (chain == null) {
                return ChainPolicyResult.callFailed("CertGetCertificateChain (no chain returned)", 0);
            }
            ssl = new Wincrypt.SSL_EXTRA_CERT_CHAIN_POLICY_PARA();
            ssl.dwAuthType = asked.authType();
            ssl.pwszServerName = request.hostname() == null ? null : new WString(request.hostname());
            ssl.write();
            policy = new Wincrypt.CERT_CHAIN_POLICY_PARA();
            policy.dwFlags = asked.policyFlags();
            policy.pvExtraPolicyPara = ssl.getPointer();
            Wincrypt.CERT_CHAIN_POLICY_STATUS status = new Wincrypt.CERT_CHAIN_POLICY_STATUS();
            if (!crypt32.CertVerifyCertificateChainPolicy(new Pointer(WincryptConstants.CERT_CHAIN_POLICY_SSL), chain,
                    policy, status)) {
                return ChainPolicyResult.callFailed("CertVerifyCertificateChainPolicy", Native.getLastError());
            }
            Wincrypt.CERT_CHAIN_CONTEXT context = new Wincrypt.CERT_CHAIN_CONTEXT(chain);
            return new ChainPolicyResult(null, 0, status.dwError, status.lChainIndex, status.lElementIndex,
                    context.TrustStatus.dwErrorStatus, firstChain(context), stapleError);
        } finally {
            if (chain != null) {
                crypt32.CertFreeCertificateChain(chain);
            }
            if (intermediates != null) {
                crypt32.CertCloseStore(intermediates, 0);
            }
            crypt32.CertFreeCertificateContext(leafContext);
            Reference.reachabilityFence(identifiers);
            Reference.reachabilityFence(parameters);
            Reference.reachabilityFence(time);
            Reference.reachabilityFence(ocsp);
            Reference.reachabilityFence(ocspBlob);
            Reference.reachabilityFence(ssl);
            Reference.reachabilityFence(policy);
        }
    }

    /** The elements of the first simple chain, leaf first, copied out of Windows' memory. */
    private static List<ChainElement> firstChain(Wincrypt.CERT_CHAIN_CONTEXT context) {
        if (context.cChain < 1 || context.rgpChain == null) {
            return List.of();
        }
        Wincrypt.CERT_SIMPLE_CHAIN simple = new Wincrypt.CERT_SIMPLE_CHAIN(context.rgpChain.getPointer(0));
        if (simple.cElement < 1 || simple.cElement > MAX_ELEMENTS || simple.rgpElement == null) {
            return List.of();
        }
        List<ChainElement> elements = new ArrayList<>(simple.cElement);
        for (Pointer pointer : simple.rgpElement.getPointerArray(0, simple.cElement)) {
            Wincrypt.CERT_CHAIN_ELEMENT element = new Wincrypt.CERT_CHAIN_ELEMENT(pointer);
            Wincrypt.CERT_CONTEXT certificate = new Wincrypt.CERT_CONTEXT(element.pCertContext);
            byte[] der = certificate.cbCertEncoded > 0 && certificate.cbCertEncoded <= MAX_CERTIFICATE_BYTES
                    && certificate.pbCertEncoded != null
                    ? certificate.pbCertEncoded.getByteArray(0, certificate.cbCertEncoded) : new byte[0];
            String extended = element.pwszExtendedErrorInfo == null ? null
                    : element.pwszExtendedErrorInfo.getWideString(0);
            elements.add(new ChainElement(der, element.TrustStatus.dwErrorStatus, extended));
        }
        return elements;
    }
}
