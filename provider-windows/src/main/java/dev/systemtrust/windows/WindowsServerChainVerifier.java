package dev.systemtrust.windows;

import static dev.systemtrust.windows.WincryptConstants.CERT_E_CHAINING;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_CN_NO_MATCH;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_EXPIRED;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_INVALID_NAME;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_UNTRUSTEDROOT;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_UNTRUSTEDTESTROOT;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_WRONG_USAGE;
import static dev.systemtrust.windows.WincryptConstants.CRYPT_E_REVOKED;
import static dev.systemtrust.windows.WincryptConstants.TRUST_E_CERT_SIGNATURE;
import static dev.systemtrust.windows.WincryptConstants.TRUST_E_EXPLICIT_DISTRUST;

import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.windows.ChainPolicyEngine.ChainElement;
import dev.systemtrust.windows.ChainPolicyEngine.ChainParameters;
import dev.systemtrust.windows.ChainPolicyEngine.ChainPolicyResult;
import dev.systemtrust.windows.ChainPolicyEngine.ChainRequest;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks Windows whether a server chain is trusted for TLS server authentication to the given host, with the
 * parameters {@link WindowsChainPolicy} decided and the OCSP response the server stapled for its certificate, and
 * reports the path Windows validated: the first simple chain of its chain context, which may hold certificates
 * Windows found itself (in its CA and ROOT stores, or downloaded) rather than ones the server sent.
 */
final class WindowsServerChainVerifier implements ServerChainVerifier {
    static final Map<Integer, String> POLICY_ERRORS = Map.of(
            CERT_E_UNTRUSTEDROOT, "CERT_E_UNTRUSTEDROOT: the chain ends in a root Windows does not trust",
            CERT_E_CN_NO_MATCH, "CERT_E_CN_NO_MATCH: the certificate is not for this host name",
            CERT_E_INVALID_NAME, "CERT_E_INVALID_NAME: the host name is not valid for a certificate",
            CERT_E_EXPIRED, "CERT_E_EXPIRED: a certificate in the chain is outside its validity period",
            TRUST_E_CERT_SIGNATURE, "TRUST_E_CERT_SIGNATURE: a signature in the chain does not verify",
            CRYPT_E_REVOKED, "CRYPT_E_REVOKED: a certificate in the chain is revoked",
            CERT_E_CHAINING, "CERT_E_CHAINING: no chain to a trusted root could be built",
            CERT_E_WRONG_USAGE, "CERT_E_WRONG_USAGE: the chain is not valid for server authentication",
            TRUST_E_EXPLICIT_DISTRUST,
            "TRUST_E_EXPLICIT_DISTRUST: a certificate in the chain is explicitly distrusted (Disallowed)",
            CERT_E_UNTRUSTEDTESTROOT, "CERT_E_UNTRUSTEDTESTROOT: the chain ends in a test root");
    private static final Map<Integer, String> TRUST_ERRORS = Map.ofEntries(
            Map.entry(WincryptConstants.CERT_TRUST_IS_NOT_TIME_VALID, "not time valid"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_REVOKED, "revoked"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_NOT_SIGNATURE_VALID, "signature not valid"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_NOT_VALID_FOR_USAGE, "not valid for server authentication"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_UNTRUSTED_ROOT, "untrusted root"),
            Map.entry(WincryptConstants.CERT_TRUST_REVOCATION_STATUS_UNKNOWN, "revocation status unknown"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_CYCLIC, "cyclic"),
            Map.entry(WincryptConstants.CERT_TRUST_INVALID_BASIC_CONSTRAINTS, "invalid basic constraints"),
            Map.entry(WincryptConstants.CERT_TRUST_INVALID_NAME_CONSTRAINTS, "invalid name constraints"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_PARTIAL_CHAIN, "partial chain"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_OFFLINE_REVOCATION, "revocation server offline"),
            Map.entry(WincryptConstants.CERT_TRUST_IS_EXPLICIT_DISTRUST, "explicitly distrusted"));

    private final ChainPolicyEngine engine;
    private final ChainParameters parameters;
    private final Instant fixedTime;

    WindowsServerChainVerifier(ChainPolicyEngine engine) {
        this(engine, WindowsChainPolicy.fromSystemProperties(), null);
    }

    /** @param fixedTime the time to verify at, for tests of real chains; {@code null}: now */
    WindowsServerChainVerifier(ChainPolicyEngine engine, ChainParameters parameters, Instant fixedTime) {
        this.engine = engine;
        this.parameters = parameters;
        this.fixedTime = fixedTime;
    }

    @Override
    public void verifyServer(X509Certificate[] chain, String authType, String hostname) throws CertificateException {
        verifyServer(chain, authType, hostname, List.of());
    }

    @Override
    public void verifyServer(X509Certificate[] chain, String authType, String hostname, List<byte[]> stapledOcsp)
            throws CertificateException {
        judge(chain, authType, hostname, stapledOcsp);
    }

    /**
     * The path Windows validated, leaf first, ending with the root Windows trusts. Windows' answer must include that
     * path: a verdict without one is refused, since the distrust and the JDK's checks that follow need it.
     */
    @Override
    public List<X509Certificate> verifiedChain(X509Certificate[] chain, String authType, String hostname,
            List<byte[]> stapledOcsp) throws CertificateException {
        List<byte[]> validated = new ArrayList<>();
        for (ChainElement element : judge(chain, authType, hostname, stapledOcsp).elements()) {
            validated.add(element.der());
        }
        return ServerChainVerifier.parsedPath(validated,
                "Windows accepted the chain but reported no path it validated", "Windows validated a path");
    }

    /** Windows' answer for a chain it trusts; a refusal or a failed call is thrown. */
    private ChainPolicyResult judge(X509Certificate[] chain, String authType, String hostname,
            List<byte[]> stapledOcsp) throws CertificateException {
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
        // Windows takes one stapled response, the leaf's (TLS 1.3 may staple one per certificate).
        byte[] leafResponse = stapledOcsp == null || stapledOcsp.isEmpty() || stapledOcsp.get(0) == null
                || stapledOcsp.get(0).length == 0 ? null : stapledOcsp.get(0);
        ChainPolicyResult result;
        try {
            result = engine.verifyServerChain(new ChainRequest(der, normalise(hostname), leafResponse, parameters,
                    fixedTime == null ? null : Filetime.ticks(fixedTime)));
        } catch (RuntimeException | LinkageError e) {
            throw new CertificateException("Windows chain verification failed: " + e, e);
        }
        if (result.stapleError() != 0) {
            // Logging is initialised only here, on this rare path.
            System.getLogger("dev.systemtrust.windows").log(System.Logger.Level.DEBUG,
                    "Windows did not take the stapled OCSP response ({0}); it checks revocation itself",
                    WindowsErrors.describe(result.stapleError()));
        }
        if (result.failedCall() != null) {
            throw new CertificateException("Windows could not verify the chain: " + result.failedCall() + " failed ("
                    + WindowsErrors.describe(result.lastError()) + ")");
        }
        if (result.policyError() != 0) {
            String known = POLICY_ERRORS.get(result.policyError());
            throw new CertificateException("Windows does not trust this server: "
                    + (known != null ? known : WindowsErrors.describe(result.policyError()))
                    + (hostname == null ? "" : " (host " + hostname + ")") + where(result));
        }
        return result;
    }

    /** The chain element the policy blamed, with Windows' own words for it, when Windows named one. */
    private static String where(ChainPolicyResult result) {
        if (result.chainIndex() != 0 || result.elementIndex() < 0
                || result.elementIndex() >= result.elements().size()) {
            return "";
        }
        ChainElement element = result.elements().get(result.elementIndex());
        StringBuilder text = new StringBuilder("; at ").append(subject(element.der()));
        List<String> errors = new ArrayList<>();
        for (Map.Entry<Integer, String> bit : TRUST_ERRORS.entrySet()) {
            if ((element.trustErrors() & bit.getKey()) != 0) {
                errors.add(bit.getValue());
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(null);
            text.append(": ").append(String.join(", ", errors));
        }
        if (element.extendedErrorInfo() != null && !element.extendedErrorInfo().isBlank()) {
            text.append(" (").append(element.extendedErrorInfo().strip()).append(')');
        }
        return text.toString();
    }

    private static String subject(byte[] der) {
        try {
            return ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))).getSubjectX500Principal().getName();
        } catch (CertificateException | RuntimeException e) {
            return "an unreadable certificate";
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
