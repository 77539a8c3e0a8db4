package dev.systemtrust.spi;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The one place that knows which extended-key-usage identifiers allow TLS server authentication, and what a
 * certificate's own extended-key-usage extension says about it.
 */
public final class ServerAuthPurpose {
    /** {@code id-kp-serverAuth}. */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** {@code anyExtendedKeyUsage}. */
    public static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    /** Microsoft's server-gated crypto: a legacy purpose the JDK and Windows accept on a server's own certificate. */
    public static final String MICROSOFT_SGC = "1.3.6.1.4.1.311.10.3.3";
    /** Netscape's server-gated crypto, likewise. */
    public static final String NETSCAPE_SGC = "2.16.840.1.113730.4.1";

    private ServerAuthPurpose() {
    }

    /** Whether a list of purposes (an EKU extension, an OpenSSL trust list, a store property) allows TLS servers. */
    public static boolean allows(List<String> purposes) {
        return purposes.contains(SERVER_AUTH) || purposes.contains(ANY_EXTENDED_KEY_USAGE);
    }

    /**
     * Why the certificate's own extended-key-usage extension rules out TLS server authentication, or empty when it
     * has no such extension or the extension allows serverAuth or anyExtendedKeyUsage. OpenSSL, Windows and macOS
     * all refuse a server chain through a CA whose extension excludes serverAuth; an extension that cannot be
     * parsed rules it out too.
     */
    public static Optional<String> refusalByOwnExtension(X509Certificate certificate) {
        return refusal(certificate, false);
    }

    /**
     * As {@link #refusalByOwnExtension} for a TLS server's own certificate, where the legacy server-gated-crypto
     * purposes ({@link #MICROSOFT_SGC}, {@link #NETSCAPE_SGC}) are accepted too, as the JDK and Windows accept them.
     *
     * @param certificate the server's certificate
     * @return why it is not for TLS servers, or empty
     */
    public static Optional<String> refusalForServerCertificate(X509Certificate certificate) {
        return refusal(certificate, true);
    }

    private static Optional<String> refusal(X509Certificate certificate, boolean serverCertificate) {
        List<String> purposes;
        try {
            purposes = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of("its extended key usage extension cannot be parsed (" + e.getMessage() + ")");
        }
        if (purposes == null || allows(purposes)
                || serverCertificate && (purposes.contains(MICROSOFT_SGC) || purposes.contains(NETSCAPE_SGC))) {
            return Optional.empty();
        }
        return Optional.of("its own extended key usage extension " + purposes
                + " excludes serverAuth and anyExtendedKeyUsage");
    }
}
