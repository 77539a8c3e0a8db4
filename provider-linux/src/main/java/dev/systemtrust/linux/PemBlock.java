package dev.systemtrust.linux;

/**
 * One decoded PEM block that may hold a certificate.
 *
 * @param trusted {@code true} for {@code TRUSTED CERTIFICATE} (DER certificate followed by OpenSSL trust
 *                attributes), {@code false} for {@code CERTIFICATE} / {@code X509 CERTIFICATE}
 * @param der     the base64-decoded content
 * @param line    1-based line of the BEGIN marker, for diagnostics
 */
record PemBlock(boolean trusted, byte[] der, int line) {
}
