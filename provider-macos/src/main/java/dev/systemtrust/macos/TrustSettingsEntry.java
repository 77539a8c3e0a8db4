package dev.systemtrust.macos;

/**
 * One usage-constraints dictionary of a certificate's trust settings, as plain values.
 *
 * @param hasPolicy        {@code kSecTrustSettingsPolicy} is present
 * @param policyOid        that policy's OID ({@code kSecPolicyOid}), or {@code null} when absent or unreadable
 * @param hasApplication   {@code kSecTrustSettingsApplication} is present
 * @param hasPolicyString  {@code kSecTrustSettingsPolicyString} is present
 * @param result           {@code kSecTrustSettingsResult}, or {@code null} when absent (which means TrustRoot)
 * @param keyUsage         {@code kSecTrustSettingsKeyUsage} as an unsigned 32-bit mask, or {@code null} when absent
 */
public record TrustSettingsEntry(boolean hasPolicy, String policyOid, boolean hasApplication, boolean hasPolicyString,
        Integer result, Long keyUsage) {

    /** Apple's SSL policy, {@code kSecPolicyAppleSSL}. */
    public static final String APPLE_SSL = "1.2.840.113635.100.1.3";

    public static final int RESULT_INVALID = 0;
    public static final int RESULT_TRUST_ROOT = 1;
    public static final int RESULT_TRUST_AS_ROOT = 2;
    public static final int RESULT_DENY = 3;
    public static final int RESULT_UNSPECIFIED = 4;

    public static final long KEY_USE_SIGN_CERT = 0x08L;
    public static final long KEY_USE_ANY = 0xFFFF_FFFFL;
}
