package dev.systemtrust.macos;

/**
 * What {@code SecTrustEvaluateWithError} said about a chain.
 *
 * @param trusted     its return value
 * @param errorCode   the CFError code when not trusted, else 0
 * @param description the CFError description when not trusted, or {@code null} when the OS gave none
 */
public record ChainEvaluation(boolean trusted, long errorCode, String description) {

    public static ChainEvaluation trustedChain() {
        return new ChainEvaluation(true, 0, null);
    }

    public static ChainEvaluation rejected(long errorCode, String description) {
        return new ChainEvaluation(false, errorCode, description);
    }
}
