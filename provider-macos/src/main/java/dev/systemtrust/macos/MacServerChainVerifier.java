package dev.systemtrust.macos;

import dev.systemtrust.spi.ServerChainVerifier;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets macOS decide whether it trusts a TLS server chain, so Apple's constraints that no export of anchors can
 * carry (e.g. per-CA distrust dates, Certificate Transparency requirements) still apply. Stapled OCSP responses are
 * handed to macOS, which can then skip fetching revocation status itself.
 */
public final class MacServerChainVerifier implements ServerChainVerifier {
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
        if (evaluation == null) {
            throw new CertificateException("macOS trust evaluation returned no result");
        }
        if (!evaluation.trusted()) {
            String reason = evaluation.description() == null || evaluation.description().isBlank()
                    ? "no reason given (error " + evaluation.errorCode() + ")"
                    : evaluation.description();
            throw new CertificateException("macOS does not trust the certificate chain of "
                    + (name == null ? "the server" : name) + " (subject "
                    + chain[0].getSubjectX500Principal().getName() + "): " + reason);
        }
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
