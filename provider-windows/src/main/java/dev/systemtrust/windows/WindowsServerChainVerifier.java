package dev.systemtrust.windows;

import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.windows.ChainPolicyEngine.ChainPolicyResult;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Asks Windows whether a server chain is trusted for TLS server authentication to the given host. */
final class WindowsServerChainVerifier implements ServerChainVerifier {
    static final Map<Integer, String> POLICY_ERRORS = Map.of(
            0x800B0109, "CERT_E_UNTRUSTEDROOT: the chain ends in a root Windows does not trust",
            0x800B010F, "CERT_E_CN_NO_MATCH: the certificate is not for this host name",
            0x800B0101, "CERT_E_EXPIRED: a certificate in the chain is outside its validity period",
            0x80096004, "TRUST_E_CERT_SIGNATURE: a signature in the chain does not verify",
            0x80092010, "CRYPT_E_REVOKED: a certificate in the chain is revoked",
            0x800B010A, "CERT_E_CHAINING: no chain to a trusted root could be built",
            0x800B0110, "CERT_E_WRONG_USAGE: the chain is not valid for server authentication",
            0x800B0111, "TRUST_E_EXPLICIT_DISTRUST: a certificate in the chain is explicitly distrusted (Disallowed)",
            0x800B010D, "CERT_E_UNTRUSTEDTESTROOT: the chain ends in a test root");

    private final ChainPolicyEngine engine;

    WindowsServerChainVerifier(ChainPolicyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void verifyServer(X509Certificate[] chain, String authType, String hostname) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the server's certificate chain is empty");
        }
        if (authType == null || authType.isEmpty()) {
            throw new IllegalArgumentException("the authentication type is empty");
        }
        List<byte[]> der = new ArrayList<>(chain.length);
        for (X509Certificate certificate : chain) {
            try {
                der.add(certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new CertificateException("cannot encode the server's chain for Windows", e);
            }
        }
        ChainPolicyResult result;
        try {
            result = engine.verifyServerChain(der, normalise(hostname));
        } catch (RuntimeException | LinkageError e) {
            throw new CertificateException("Windows chain verification failed: " + e, e);
        }
        if (result.failedCall() != null) {
            throw new CertificateException("Windows could not verify the chain: " + result.failedCall() + " failed ("
                    + WindowsErrors.describe(result.lastError()) + ")");
        }
        if (result.policyError() != 0) {
            String known = POLICY_ERRORS.get(result.policyError());
            throw new CertificateException("Windows does not trust this server: "
                    + (known != null ? known : WindowsErrors.describe(result.policyError()))
                    + (hostname == null ? "" : " (host " + hostname + ")"));
        }
    }

    /** An IPv6 literal loses its brackets and a fully qualified name its trailing dot, as Windows expects. */
    static String normalise(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return null;
        }
        String name = hostname.startsWith("[") && hostname.endsWith("]")
                ? hostname.substring(1, hostname.length() - 1) : hostname;
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
