package dev.systemtrust.macos;

/**
 * The macOS trust data this backend decides on, as raw facts (OSStatus values, DER encodings, the contents of
 * trust-settings dictionaries). Implemented over Security.framework by
 * {@code dev.systemtrust.macos.jna.NativeTrustSettingsSource}, and by fakes in tests; every decision, retry and
 * fallback is made (and tested) in plain Java.
 *
 * <p>Nothing here evaluates a chain: no call creates a SecTrust or may start revocation or network work.
 *
 * <p>Methods may throw {@link LinkageError} when native code cannot be loaded; the backend then falls back.
 */
public interface TrustSettingsSource {

    /** {@code SecTrustSettingsCopyCertificates(domain)}: the certificates with trust settings in the domain. */
    CertificateListing certificates(TrustSettingsDomain domain);

    /** {@code SecTrustSettingsCopyTrustSettings} for the certificate with this DER encoding. */
    TrustSettingsLookup trustSettings(byte[] der, TrustSettingsDomain domain);

    /**
     * Every certificate in the keychains of the default search list (the login and System keychains):
     * {@code SecItemCopyMatching} for {@code kSecClassCertificate}, a local keychain query.
     */
    CertificateListing keychainCertificates();
}
