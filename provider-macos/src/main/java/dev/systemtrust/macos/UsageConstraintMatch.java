package dev.systemtrust.macos;

/**
 * Whether one usage-constraints dictionary applies when macOS evaluates a TLS server chain with this certificate as
 * a CA in it, following trustd's {@code SecPVCMeetsConstraint} (trust/trustd/SecPolicyServer.c) for the policy
 * {@code SecPolicyCreateSSL(true, host)} creates: OID AppleSSL, name {@code sslServer}. Every key the dictionary
 * has must match:
 * <ul>
 * <li>{@code kSecTrustSettingsPolicy} and {@code kSecTrustSettingsPolicyName}: the OID must be AppleSSL and the
 * name, when present, {@code sslServer} ({@code sslClient} settings carry the same OID);</li>
 * <li>{@code kSecTrustSettingsPolicyString}: trustd compares it with the host name being verified; a KeyStore
 * anchor serves every host, so it never applies;</li>
 * <li>{@code kSecTrustSettingsApplication}: applies only to that application, never to this JVM;</li>
 * <li>{@code kSecTrustSettingsKeyUsage}: trustd requires the value to equal kSecTrustSettingsKeyUseAny
 * (0xffffffff) or exactly the uses of the evaluation, which for a CA certificate is kSecTrustSettingsKeyUseSignCert
 * (0x8) ({@code SecPVCContainsTrustSettingsKeyUsage}); a mask merely containing SignCert does not apply.</li>
 * </ul>
 * A dictionary whose relevant values cannot be read is {@link Kind#UNREADABLE}: the caller must not let it widen
 * trust either way.
 */
final class UsageConstraintMatch {
    /** Apple's SSL policy, {@code kSecPolicyAppleSSL}. */
    static final String APPLE_SSL = "1.2.840.113635.100.1.3";
    /** {@code kSecPolicyNameSSLServer}, the name of {@code SecPolicyCreateSSL(true, ...)}. */
    static final String SSL_SERVER = "sslServer";
    static final long KEY_USE_SIGN_CERT = 0x08L;
    static final long KEY_USE_ANY = 0xFFFF_FFFFL;

    enum Kind {
        APPLIES,
        DOES_NOT_APPLY,
        UNREADABLE
    }

    final Kind kind;
    /** Why it does not apply or cannot be read; empty when it applies. */
    final String reason;

    private UsageConstraintMatch(Kind kind, String reason) {
        this.kind = kind;
        this.reason = reason;
    }

    private static final UsageConstraintMatch APPLIES = new UsageConstraintMatch(Kind.APPLIES, "");

    static UsageConstraintMatch of(UsageConstraints constraints) {
        UsageConstraintMatch unreadable = null;
        UsageConstraintMatch[] checks = {policy(constraints.policy(), constraints.policyName()),
                constraints.policyString() ? notApplying("limited to one host name or e-mail address "
                        + "(kSecTrustSettingsPolicyString)") : APPLIES,
                constraints.application() ? notApplying("limited to one application (kSecTrustSettingsApplication)")
                        : APPLIES,
                keyUsage(constraints.keyUsage())};
        for (UsageConstraintMatch check : checks) {
            if (check.kind == Kind.DOES_NOT_APPLY) {
                return check;
            }
            if (check.kind == Kind.UNREADABLE && unreadable == null) {
                unreadable = check;
            }
        }
        return unreadable == null ? APPLIES : unreadable;
    }

    /** A definite mismatch of either key decides before anything unreadable does. */
    private static UsageConstraintMatch policy(CfValue oid, CfValue name) {
        if (oid instanceof CfValue.Text text && !APPLE_SSL.equals(text.value())) {
            return notApplying("for policy " + text.value() + ", not SSL");
        }
        if (name instanceof CfValue.Text text && !SSL_SERVER.equals(text.value())) {
            return notApplying("for policy name " + text.value() + ", not " + SSL_SERVER);
        }
        if (oid.present() && !(oid instanceof CfValue.Text)) {
            return unreadable("kSecTrustSettingsPolicy " + (oid instanceof CfValue.Unreadable u ? u.what()
                    : "is a number"));
        }
        if (name.present() && !(name instanceof CfValue.Text)) {
            return unreadable("kSecTrustSettingsPolicyName is not a string");
        }
        return APPLIES;
    }

    private static UsageConstraintMatch keyUsage(CfValue usage) {
        if (!usage.present()) {
            return APPLIES;
        }
        if (!(usage instanceof CfValue.Number number)) {
            return unreadable("kSecTrustSettingsKeyUsage is not a number");
        }
        long value = number.value();
        if (value == KEY_USE_ANY || (value & 0xFFFF_FFFFL) == KEY_USE_SIGN_CERT) {
            return APPLIES;
        }
        if (value == -1) {
            // A 32-bit "any" sign-extended. trustd compares the 64-bit value with 0xffffffff, so it would not apply;
            // whether it does is unclear enough that it must not widen trust either way.
            return unreadable("kSecTrustSettingsKeyUsage is -1 (kSecTrustSettingsKeyUseAny stored as a signed "
                    + "32-bit number)");
        }
        return notApplying("limited to key usage 0x" + Long.toHexString(value)
                + ", not exactly certificate signing (0x8) or any (0xffffffff)");
    }

    private static UsageConstraintMatch notApplying(String reason) {
        return new UsageConstraintMatch(Kind.DOES_NOT_APPLY, reason);
    }

    private static UsageConstraintMatch unreadable(String reason) {
        return new UsageConstraintMatch(Kind.UNREADABLE, reason);
    }
}
