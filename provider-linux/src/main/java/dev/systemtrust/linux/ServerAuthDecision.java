package dev.systemtrust.linux;

import dev.systemtrust.spi.ExclusionReason;
import java.util.List;

/**
 * OpenSSL's answer to "is this certificate a trust anchor for TLS servers?" ({@code obj_trust} for
 * {@code X509_TRUST_SSL_SERVER}), given its trust attributes and whether it is self-signed.
 *
 * @param exclusion {@code null} when the certificate is an anchor, else why it is not
 * @param detail    the rule that decided, for the report
 */
record ServerAuthDecision(ExclusionReason exclusion, String detail) {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

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
                    : new ServerAuthDecision(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH,
                            "OpenSSL trust list " + attributes.trust() + " lacks serverAuth");
        }
        return selfSigned
                ? new ServerAuthDecision(null, "self-signed, no explicit trust settings")
                : new ServerAuthDecision(ExclusionReason.NO_TRUST_DECISION,
                        "not self-signed and no explicit trust: OpenSSL uses it only to build chains");
    }

    private static boolean coversServerAuth(List<String> purposes) {
        return purposes != null && (purposes.contains(SERVER_AUTH) || purposes.contains(ANY_EXTENDED_KEY_USAGE));
    }
}
