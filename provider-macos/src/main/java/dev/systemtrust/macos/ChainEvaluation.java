package dev.systemtrust.macos;

import java.util.List;

/**
 * What happened when Security.framework was asked about a chain, as raw facts: {@link MacServerChainVerifier}
 * decides what each means for the handshake and how to word it.
 */
public sealed interface ChainEvaluation {

    /**
     * {@code SecTrustEvaluateWithError} returned true.
     *
     * @param chainDer the chain macOS evaluated ({@code SecTrustCopyCertificateChain}, or where that is missing
     *                 {@code SecTrustGetCertificateAtIndex}), leaf first, each certificate as
     *                 {@code SecCertificateCopyData} returned it
     */
    record Trusted(List<byte[]> chainDer) implements ChainEvaluation {
        public Trusted {
            chainDer = List.copyOf(chainDer);
        }
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

    /**
     * The chain was trusted, but a count of its certificates is none or more than any chain holds.
     *
     * @param function the function that returned it ({@code SecTrustGetCertificateCount}, {@code CFArrayGetCount})
     */
    record CountReturned(String function, long count) implements ChainEvaluation {
    }

    static ChainEvaluation trusted(List<byte[]> chainDer) {
        return new Trusted(chainDer);
    }

    static ChainEvaluation rejected(long errorCode, String description) {
        return new Rejected(errorCode, description);
    }
}
