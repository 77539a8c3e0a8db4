package dev.systemtrust.macos;

import dev.systemtrust.spi.ServerChainVerifier;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets macOS decide whether it trusts a TLS server chain, so Apple's constraints that no export of anchors can
 * carry (e.g. per-CA distrust dates, Certificate Transparency requirements) still apply. Stapled OCSP responses are
 * handed to macOS, which can then skip fetching revocation status itself. Reports the chain macOS evaluated, which
 * may hold certificates macOS found itself (in its keychains and anchors) rather than ones the server sent.
 */
public final class MacServerChainVerifier implements ServerChainVerifier {
    /** The functions that read the chain macOS evaluated, after it trusted it. */
    private static final java.util.Set<String> CHAIN_READERS = java.util.Set.of("SecTrustCopyCertificateChain",
            "SecTrustGetCertificateAtIndex", "SecCertificateCopyData");

    private final ChainTrustEvaluator evaluator;

    public MacServerChainVerifier(ChainTrustEvaluator evaluator) {
        this.evaluator = evaluator;
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

    /** The chain macOS evaluated, leaf first, ending with its anchor. */
    @Override
    public List<X509Certificate> verifiedChain(X509Certificate[] chain, String authType, String hostname,
            List<byte[]> stapledOcsp) throws CertificateException {
        return ServerChainVerifier.parsedPath(judge(chain, authType, hostname, stapledOcsp).chainDer(),
                "macOS trusted the chain but reported no chain it evaluated", "macOS evaluated a chain");
    }

    /** macOS's answer for a chain it trusts; anything else is thrown. */
    private ChainEvaluation.Trusted judge(X509Certificate[] chain, String authType, String hostname,
            List<byte[]> stapledOcsp) throws CertificateException {
        // Same argument contract as X509TrustManager.checkServerTrusted.
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the server certificate chain is null or empty");
        }
        if (authType == null || authType.isEmpty()) {
            throw new IllegalArgumentException("authType is null or empty");
        }
        List<byte[]> der = new ArrayList<>(chain.length);
        for (int i = 0; i < chain.length; i++) {
            if (chain[i] == null) {
                throw new IllegalArgumentException("the server certificate chain has a null element at " + i);
            }
            der.add(chain[i].getEncoded());
        }
        String name = normalizedHostname(hostname);
        ChainEvaluation evaluation;
        try {
            evaluation = evaluator.evaluate(der, name, stapledResponses(stapledOcsp));
        } catch (RuntimeException | LinkageError e) {
            throw new CertificateException("macOS could not evaluate the server certificate chain: " + e, e);
        }
        if (evaluation instanceof ChainEvaluation.Trusted trusted) {
            return trusted;
        }
        throw new CertificateException("macOS does not trust the certificate chain of "
                + (name == null ? "the server" : name) + " (subject "
                + chain[0].getSubjectX500Principal().getName() + "): " + refusal(evaluation));
    }

    /** Why a chain macOS did not answer {@link ChainEvaluation.Trusted} for is refused. */
    private static String refusal(ChainEvaluation evaluation) {
        if (evaluation instanceof ChainEvaluation.Rejected rejected) {
            return rejected.description() == null || rejected.description().isBlank()
                    ? "no reason given (error " + rejected.errorCode() + ")" : rejected.description();
        }
        if (evaluation instanceof ChainEvaluation.NullReturned returned) {
            if (CHAIN_READERS.contains(returned.function())) {
                return "the chain it evaluated could not be read: " + returned.function() + " returned NULL"
                        + (returned.index() >= 0 ? " for certificate #" + returned.index() : "");
            }
            return returned.index() >= 0
                    ? "Security.framework cannot parse certificate #" + returned.index() + " of the chain ("
                            + returned.function() + " returned NULL)"
                    : "it could not be evaluated: " + returned.function() + " returned NULL";
        }
        if (evaluation instanceof ChainEvaluation.StatusReturned returned) {
            return "it could not be evaluated: " + returned.function() + " failed with "
                    + OsStatus.describe(returned.status());
        }
        if (evaluation instanceof ChainEvaluation.CountReturned returned) {
            return "the chain it evaluated could not be read: " + returned.function() + " returned "
                    + returned.count();
        }
        return "macOS trust evaluation returned no result";
    }

    /** The responses actually stapled: {@code getStatusResponses()} holds an empty array where none was sent. */
    static List<byte[]> stapledResponses(List<byte[]> stapledOcsp) {
        if (stapledOcsp == null || stapledOcsp.isEmpty()) {
            return List.of();
        }
        List<byte[]> responses = new ArrayList<>(stapledOcsp.size());
        for (byte[] response : stapledOcsp) {
            if (response != null && response.length > 0) {
                responses.add(response.clone());
            }
        }
        return responses;
    }

    /** The name SecPolicyCreateSSL expects: no IPv6 brackets, no trailing root dot; null when unknown. */
    static String normalizedHostname(String hostname) {
        if (hostname == null) {
            return null;
        }
        String name = hostname.trim();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.isEmpty() ? null : name;
    }
}
