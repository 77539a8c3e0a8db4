package dev.systemtrust.macos;

/**
 * Usage-constraints dictionaries shaped like those macOS writes (see {@code security dump-trust-settings}):
 * Keychain Access's "Always Trust" is an empty array; per-policy choices carry the policy and a result; Apple's
 * own System-domain records also carry entries with allowed errors and result Unspecified.
 */
final class Settings {
    static final String APPLE_X509_BASIC = "1.2.840.113635.100.1.2";
    static final String APPLE_SMIME = "1.2.840.113635.100.1.8";
    static final String APPLE_CODE_SIGNING = "1.2.840.113635.100.1.16";

    private Settings() {
    }

    static TrustSettingsEntry result(int result) {
        return new TrustSettingsEntry(false, null, false, false, result, null);
    }

    static TrustSettingsEntry noResult() {
        return new TrustSettingsEntry(false, null, false, false, null, null);
    }

    static TrustSettingsEntry policy(String oid, Integer result) {
        return new TrustSettingsEntry(true, oid, false, false, result, null);
    }

    static TrustSettingsEntry ssl(Integer result) {
        return policy(TrustSettingsEntry.APPLE_SSL, result);
    }

    static TrustSettingsEntry sslForHost(int result) {
        return new TrustSettingsEntry(true, TrustSettingsEntry.APPLE_SSL, false, true, result, null);
    }

    static TrustSettingsEntry forApplication(int result) {
        return new TrustSettingsEntry(false, null, true, false, result, null);
    }

    static TrustSettingsEntry withKeyUsage(int result, long keyUsage) {
        return new TrustSettingsEntry(false, null, false, false, result, keyUsage);
    }
}
