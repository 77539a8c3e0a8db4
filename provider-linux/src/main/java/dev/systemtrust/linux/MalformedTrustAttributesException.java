package dev.systemtrust.linux;

/** OpenSSL trust attributes that do not follow {@code X509_CERT_AUX}; the certificate must not be trusted. */
final class MalformedTrustAttributesException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedTrustAttributesException(String message) {
        super(message);
    }

    MalformedTrustAttributesException(String message, Throwable cause) {
        super(message, cause);
    }
}
