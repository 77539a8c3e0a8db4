package dev.systemtrust.linux;

/**
 * One decoded PEM block that may hold a certificate.
 *
 * @param trusted {@code true} for {@code TRUSTED CERTIFICATE} (DER certificate followed by OpenSSL trust
 *                attributes), {@code false} for {@code CERTIFICATE} / {@code X509 CERTIFICATE}
 * @param der     the base64-decoded content
 * @param line    1-based line of the BEGIN marker, for diagnostics
 * @param textStart offset in the file of the BEGIN line (0 for a DER file)
 * @param textEnd   offset just past the END line and its line feed (the file's length for a DER file)
 */
record PemBlock(boolean trusted, byte[] der, int line, int textStart, int textEnd) {
}
