package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate the backend found but did not make an anchor.
 *
 * @param certificate the certificate
 * @param source      where it was found
 * @param reason      why it is not an anchor
 * @param detail      human-readable specifics (which OID, which store, which trust setting)
 */
public record ExcludedCertificate(X509Certificate certificate, String source, ExclusionReason reason, String detail) {
    public ExcludedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
