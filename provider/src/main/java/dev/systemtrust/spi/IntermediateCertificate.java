package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate the OS lists without making it an anchor, and uses to build chains: an intermediate in a Linux
 * bundle or hashed directory, the Windows {@code CA} store, a macOS keychain certificate that is not a root.
 * Offered to path building so a server that omits its intermediate still verifies, as it does with curl; never
 * an anchor.
 *
 * @param certificate the certificate
 * @param source      where it was found
 */
public record IntermediateCertificate(X509Certificate certificate, String source) {
    public IntermediateCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(source, "source");
    }
}
