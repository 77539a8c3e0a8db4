package dev.systemtrust.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.windows.ChainPolicyEngine;
import java.util.List;

/**
 * {@link ChainPolicyEngine} over crypt32: the leaf as a certificate context, the rest in an in-memory store, a chain
 * built for serverAuth by the current user's engine, then the SSL policy with the server name. Every context, store
 * and chain is freed.
 */
public final class NativeChainPolicyEngine implements ChainPolicyEngine {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private final Crypt32 crypt32 = Crypt32.Holder.INSTANCE;

    @Override
    public ChainPolicyResult verifyServerChain(List<byte[]> chainDer, String hostname) {
        byte[] leaf = chainDer.get(0);
        Pointer leafContext = crypt32.CertCreateCertificateContext(Crypt32.X509_AND_PKCS7_ENCODING, leaf, leaf.length);
        if (leafContext == null) {
            return ChainPolicyResult.callFailed("CertCreateCertificateContext", Native.getLastError());
        }
        Pointer intermediates = null;
        Pointer chain = null;
        try {
            intermediates = crypt32.CertOpenStore(new Pointer(Crypt32.CERT_STORE_PROV_MEMORY), 0, null, 0, null);
            if (intermediates == null) {
                return ChainPolicyResult.callFailed("CertOpenStore(memory)", Native.getLastError());
            }
            for (byte[] der : chainDer.subList(1, chainDer.size())) {
                if (!crypt32.CertAddEncodedCertificateToStore(intermediates, Crypt32.X509_AND_PKCS7_ENCODING, der,
                        der.length, Crypt32.CERT_STORE_ADD_ALWAYS, null)) {
                    return ChainPolicyResult.callFailed("CertAddEncodedCertificateToStore", Native.getLastError());
                }
            }
            Memory oid = new Memory(SERVER_AUTH.length() + 1L);
            oid.setString(0, SERVER_AUTH, "US-ASCII");
            Memory oids = new Memory(Native.POINTER_SIZE);
            oids.setPointer(0, oid);
            ChainStructures.ChainPara parameters = new ChainStructures.ChainPara();
            parameters.cUsageIdentifier = 1;
            parameters.rgpszUsageIdentifier = oids;
            PointerByReference chainReference = new PointerByReference();
            if (!crypt32.CertGetCertificateChain(null, leafContext, null, intermediates, parameters, 0, null,
                    chainReference)) {
                return ChainPolicyResult.callFailed("CertGetCertificateChain", Native.getLastError());
            }
            chain = chainReference.getValue();
            ChainStructures.SslPolicyPara ssl = new ChainStructures.SslPolicyPara();
            ssl.dwAuthType = ChainStructures.SslPolicyPara.AUTHTYPE_SERVER;
            ssl.pwszServerName = hostname == null ? null : new WString(hostname);
            ssl.write();
            ChainStructures.PolicyPara policy = new ChainStructures.PolicyPara();
            policy.pvExtraPolicyPara = ssl.getPointer();
            ChainStructures.PolicyStatus status = new ChainStructures.PolicyStatus();
            if (!crypt32.CertVerifyCertificateChainPolicy(new Pointer(Crypt32.CERT_CHAIN_POLICY_SSL), chain, policy,
                    status)) {
                return ChainPolicyResult.callFailed("CertVerifyCertificateChainPolicy", Native.getLastError());
            }
            return ChainPolicyResult.verdict(status.dwError);
        } finally {
            if (chain != null) {
                crypt32.CertFreeCertificateChain(chain);
            }
            if (intermediates != null) {
                crypt32.CertCloseStore(intermediates, 0);
            }
            crypt32.CertFreeCertificateContext(leafContext);
        }
    }
}
