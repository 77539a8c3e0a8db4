package dev.systemtrust.macos;

import dev.systemtrust.spi.ExclusionReason;

/**
 * What the one trust-settings array that applies to a certificate says about using it as a TLS server anchor.
 *
 * @param kind   the decision
 * @param reason for {@link Kind#NOT_ANCHOR}: why, as the report's exclusion reason; else {@code null}
 * @param detail why, for reports (which result, which policy)
 */
record DomainVerdict(Kind kind, ExclusionReason reason, String detail) {

    enum Kind {
        TRUSTED,
        DISTRUSTED,
        /** Neither trusted nor distrusted for TLS servers. */
        NOT_ANCHOR
    }

    static DomainVerdict trusted(String detail) {
        return new DomainVerdict(Kind.TRUSTED, null, detail);
    }

    static DomainVerdict distrusted(String detail) {
        return new DomainVerdict(Kind.DISTRUSTED, ExclusionReason.DISTRUSTED, detail);
    }

    /** Trusted for something else (another policy, an application, a host, a key usage), not for TLS servers. */
    static DomainVerdict notForServerAuth(String detail) {
        return new DomainVerdict(Kind.NOT_ANCHOR, ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH, detail);
    }

    static DomainVerdict noDecision(String detail) {
        return new DomainVerdict(Kind.NOT_ANCHOR, ExclusionReason.NO_TRUST_DECISION, detail);
    }
}
