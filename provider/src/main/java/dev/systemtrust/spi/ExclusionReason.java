package dev.systemtrust.spi;

/** Why a certificate the OS knows about is not a trust anchor. */
public enum ExclusionReason {
    /** The OS explicitly distrusts it (OpenSSL reject, macOS Deny, Windows Disallowed). Wins over any trust. */
    DISTRUSTED,
    /** The OS trusts it, but not for TLS server authentication. */
    NOT_TRUSTED_FOR_SERVER_AUTH,
    /** The OS lists it without a trust decision (e.g. an intermediate, or trust settings for another policy). */
    NO_TRUST_DECISION
}
