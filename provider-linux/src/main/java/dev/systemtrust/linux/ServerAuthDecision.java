package dev.systemtrust.linux;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.ServerAuthPurpose;
import java.util.List;

/**
 * OpenSSL's answer to "is this certificate a trust anchor for TLS servers?" ({@code obj_trust} for
 * {@code X509_TRUST_SSL_SERVER}), given its trust attributes and whether it is self-signed.
 *
 * @param exclusion {@code null} when the certificate is an anchor, else why it is not
 * @param detail    the rule that decided, for the report
 */
record ServerAuthDecision(ExclusionReason exclusion, String detail) {

    boolean isAnchor() {
        return exclusion == null;
    }

    static ServerAuthDecision decide(OpenSslTrustAttributes attributes, boolean selfSigned) {
        if (coversServerAuth(attributes.reject())) {
            return new ServerAuthDecision(ExclusionReason.DISTRUSTED,
                    "OpenSSL reject list contains serverAuth or anyExtendedKeyUsage");
        }
        if (attributes.trust() != null) {
            return coversServerAuth(attributes.trust())
                    ? new ServerAuthDecision(null, "OpenSSL trust list contains serverAuth or anyExtendedKeyUsage")
                    // OpenSSL's obj_trust: explicit trust that names no matching purpose is an explicit reject.
                    : new ServerAuthDecision(ExclusionReason.DISTRUSTED,
                            "OpenSSL trust list " + attributes.trust() + " lacks serverAuth: rejected for TLS servers");
        }
        return selfSigned
                ? new ServerAuthDecision(null, "self-signed, no explicit trust settings")
                : new ServerAuthDecision(ExclusionReason.NO_TRUST_DECISION,
                        "not self-signed and no explicit trust: OpenSSL uses it only to build chains");
    }

    private static boolean coversServerAuth(List<String> purposes) {
        return purposes != null && ServerAuthPurpose.allows(purposes);
    }
}
