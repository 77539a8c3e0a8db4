package dev.systemtrust.macos;

import java.util.List;

/**
 * Evaluates a TLS server chain with the OS: {@code SecPolicyCreateSSL(true, hostname)},
 * {@code SecTrustCreateWithCertificates}, {@code SecTrustSetOCSPResponse} with the stapled responses,
 * {@code SecTrustEvaluateWithError}, then, for a trusted chain, the chain it evaluated. Implemented over
 * Security.framework by
 * {@code dev.systemtrust.macos.jna.NativeChainEvaluator}, and by fakes in tests.
 */
public interface ChainTrustEvaluator {

    /**
     * @param chainDer    the chain, leaf first, DER-encoded
     * @param hostname    the server name to check, or {@code null} to skip the name check
     * @param stapledOcsp DER {@code OCSPResponse}s the server stapled, none empty; possibly an empty list
     */
    ChainEvaluation evaluate(List<byte[]> chainDer, String hostname, List<byte[]> stapledOcsp);
}
