package dev.systemtrust;

import java.util.Locale;

/**
 * Who judges a TLS server's chain in the {@code SystemTrust} trust manager. Chosen with
 * {@code -Dsystemtrust.verify=anchors|os} (default {@code anchors}), {@link SystemTrustParameters}, or
 * {@link SystemTrust#trustManager(Verification)}.
 */
public enum Verification {
    /**
     * The JDK's PKIX over the OS store, on every OS: its anchors, its intermediates for path building, and its
     * distrust enforced on every certificate of the path. Follows the OS store while the JVM runs.
     */
    ANCHORS,
    /**
     * The OS's own verifier where the backend has one (macOS {@code SecTrustEvaluateWithError}, Windows
     * {@code CertVerifyCertificateChainPolicy}), so rules an anchor list cannot carry apply (Windows' on-demand
     * root installation, Apple's extra constraints); then the OS store's distrust and the JDK's own checks. Where
     * the OS has no verifier (Linux), or it cannot be loaded, the same as {@link #ANCHORS}.
     */
    OS;

    /** The system property that chooses the default. */
    public static final String PROPERTY = "systemtrust.verify";

    /** The choice of {@value #PROPERTY}; {@link #ANCHORS} when unset. */
    public static Verification fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return ANCHORS;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not valid: use anchors or os", e);
        }
    }
}
