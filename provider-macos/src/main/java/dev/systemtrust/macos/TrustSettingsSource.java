package dev.systemtrust.macos;

/**
 * The macOS trust data this backend decides on, as plain Java values. Implemented over Security.framework
 * by {@code dev.systemtrust.macos.jna.NativeTrustSettingsSource}, and by fakes in tests, so every decision
 * is made (and tested) in plain Java.
 *
 * <p>Methods may throw {@link LinkageError} when native code cannot be loaded; the backend then falls back.
 */
public interface TrustSettingsSource {

    /** {@code SecTrustSettingsCopyCertificates(domain)}: the certificates with trust settings in the domain. */
    CertificateListing certificates(TrustSettingsDomain domain);

    /** Every certificate in {@value #SYSTEM_ROOTS_KEYCHAIN} ({@code SecItemCopyMatching}). */
    CertificateListing systemRootCertificates();

    /** {@code SecTrustSettingsCopyTrustSettings} for the certificate with this DER encoding. */
    TrustSettingsLookup trustSettings(byte[] der, TrustSettingsDomain domain);

    String SYSTEM_ROOTS_KEYCHAIN = "/System/Library/Keychains/SystemRootCertificates.keychain";
}
