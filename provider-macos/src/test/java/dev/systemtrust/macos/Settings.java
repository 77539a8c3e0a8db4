package dev.systemtrust.macos;

/**
 * Usage-constraints dictionaries shaped like those macOS returns (see {@code security dump-trust-settings}):
 * Keychain Access's "Always Trust" is an empty array; per-policy choices carry the policy (its OID as
 * SecPolicyCopyProperties reports it), often its name, and a result.
 */
final class Settings {
    static final String APPLE_SSL = UsageConstraintMatch.APPLE_SSL;
    static final String APPLE_X509_BASIC = "1.2.840.113635.100.1.2";
    static final String APPLE_SMIME = "1.2.840.113635.100.1.8";
    static final String APPLE_CODE_SIGNING = "1.2.840.113635.100.1.16";

    private Settings() {
    }

    private static CfValue resultValue(Integer result) {
        return result == null ? CfValue.ABSENT : CfValue.number(result);
    }

    static UsageConstraints constraints(CfValue policy, CfValue name, boolean policyString, boolean application,
            CfValue result, CfValue keyUsage) {
        return new UsageConstraints(true, policy, name, policyString, application, result, keyUsage);
    }

    static UsageConstraints result(int result) {
        return constraints(CfValue.ABSENT, CfValue.ABSENT, false, false, CfValue.number(result), CfValue.ABSENT);
    }

    static UsageConstraints noResult() {
        return constraints(CfValue.ABSENT, CfValue.ABSENT, false, false, CfValue.ABSENT, CfValue.ABSENT);
    }

    static UsageConstraints policy(String oid, Integer result) {
        return constraints(CfValue.text(oid), CfValue.ABSENT, false, false, resultValue(result), CfValue.ABSENT);
    }

    static UsageConstraints ssl(Integer result) {
        return policy(APPLE_SSL, result);
    }

    /** The SSL policy with a policy name, as SecTrustSettingsSetTrustSettings records it since macOS 10.14. */
    static UsageConstraints sslNamed(String name, Integer result) {
        return constraints(CfValue.text(APPLE_SSL), CfValue.text(name), false, false, resultValue(result),
                CfValue.ABSENT);
    }

    static UsageConstraints sslForHost(int result) {
        return constraints(CfValue.text(APPLE_SSL), CfValue.ABSENT, true, false, CfValue.number(result),
                CfValue.ABSENT);
    }

    static UsageConstraints forApplication(int result) {
        return constraints(CfValue.ABSENT, CfValue.ABSENT, false, true, CfValue.number(result), CfValue.ABSENT);
    }

    static UsageConstraints withKeyUsage(int result, long keyUsage) {
        return constraints(CfValue.ABSENT, CfValue.ABSENT, false, false, CfValue.number(result),
                CfValue.number(keyUsage));
    }
}
