package dev.systemtrust.macos;

/**
 * What happened when Security.framework was asked about a chain, as raw facts: {@link MacServerChainVerifier}
 * decides what each means for the handshake and how to word it.
 */
public sealed interface ChainEvaluation {

    /** {@code SecTrustEvaluateWithError} returned true. */
    record Trusted() implements ChainEvaluation {
    }

    /**
     * {@code SecTrustEvaluateWithError} returned false.
     *
     * @param errorCode   the CFError's code, or 0 when it gave none
     * @param description the CFError's description, or {@code null} when it gave none
     */
    record Rejected(long errorCode, String description) implements ChainEvaluation {
    }

    /**
     * A function that creates an object returned NULL before the chain could be evaluated.
     *
     * @param function its name (e.g. {@code SecCertificateCreateWithData}, {@code SecPolicyCreateSSL})
     * @param index    the position in the chain of the certificate it was given, or -1
     */
    record NullReturned(String function, int index) implements ChainEvaluation {
    }

    /** A function returning an OSStatus failed before the chain could be evaluated. */
    record StatusReturned(String function, int status) implements ChainEvaluation {
    }

    static ChainEvaluation trustedChain() {
        return new Trusted();
    }

    static ChainEvaluation rejected(long errorCode, String description) {
        return new Rejected(errorCode, description);
    }
}
