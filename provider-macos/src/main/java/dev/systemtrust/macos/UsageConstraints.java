package dev.systemtrust.macos;

/**
 * One element of a certificate's trust-settings array (a "usage constraints dictionary", SecTrustSettings.h), as
 * raw facts: which keys it has and their values. Decisions are made by {@link UsageConstraintMatch} and
 * {@link TrustSettingsRules}.
 *
 * @param dictionary    the element is a CFDictionary; when not, every other component is absent
 * @param policy        {@code kSecTrustSettingsPolicy}: the OID ({@code kSecPolicyOid}) of the SecPolicyRef stored
 *                      there as {@link CfValue.Text}, or {@link CfValue.Unreadable} when it is no SecPolicyRef or has
 *                      no readable OID
 * @param policyName    {@code kSecTrustSettingsPolicyName} (a CFSTR key of SecTrustSettingsPriv.h), e.g.
 *                      {@code sslServer}
 * @param policyString  {@code kSecTrustSettingsPolicyString} is present (a host name or e-mail address)
 * @param application   {@code kSecTrustSettingsApplication} is present
 * @param result        {@code kSecTrustSettingsResult}
 * @param keyUsage      {@code kSecTrustSettingsKeyUsage}
 */
public record UsageConstraints(boolean dictionary, CfValue policy, CfValue policyName, boolean policyString,
        boolean application, CfValue result, CfValue keyUsage) {

    public UsageConstraints {
        java.util.Objects.requireNonNull(policy, "policy");
        java.util.Objects.requireNonNull(policyName, "policyName");
        java.util.Objects.requireNonNull(result, "result");
        java.util.Objects.requireNonNull(keyUsage, "keyUsage");
    }

    /** An array element that is not a dictionary. */
    public static UsageConstraints notADictionary() {
        return new UsageConstraints(false, CfValue.ABSENT, CfValue.ABSENT, false, false, CfValue.ABSENT,
                CfValue.ABSENT);
    }
}
