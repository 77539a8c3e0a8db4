package dev.systemtrust.macos;

/**
 * What one domain's trust settings say about a certificate for TLS server authentication.
 *
 * @param kind       the decision
 * @param detail     why, for reports (which result, which policy)
 * @param restricted for UNSPECIFIED: some dictionary trusted the certificate only for another policy, an
 *                   application, a policy string or a key usage, i.e. "trusted, but not for TLS servers"
 */
record DomainVerdict(Kind kind, String detail, boolean restricted) {

    enum Kind {
        TRUSTED,
        DISTRUSTED,
        /** No dictionary decides; the next domain is consulted. */
        UNSPECIFIED
    }

    static DomainVerdict trusted(String detail) {
        return new DomainVerdict(Kind.TRUSTED, detail, false);
    }

    static DomainVerdict distrusted(String detail) {
        return new DomainVerdict(Kind.DISTRUSTED, detail, false);
    }

    static DomainVerdict unspecified(String detail) {
        return new DomainVerdict(Kind.UNSPECIFIED, detail, false);
    }

    static DomainVerdict restricted(String detail) {
        return new DomainVerdict(Kind.UNSPECIFIED, detail, true);
    }
}
