package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate the OS trusts as a TLS server-authentication anchor.
 *
 * @param certificate the anchor
 * @param label       the OS's own name for it (p11-kit label, keychain label), or {@code null}
 * @param source      where it was read from: a file path, a keychain domain, a store location
 */
public record TrustedCertificate(X509Certificate certificate, String label, String source) {
    public TrustedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(source, "source");
    }
}
