package dev.systemtrust.spi;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Asks the OS itself whether a TLS server's certificate chain is trusted (macOS SecTrust, Windows
 * CertVerifyCertificateChainPolicy), so OS-only rules apply: lazily installed roots, Apple's extra
 * constraints, partial distrust. Backends without one are verified with PKIX over their anchors.
 */
public interface ServerChainVerifier {

    /**
     * @param chain    the server's chain, leaf first, as received
     * @param authType the key exchange algorithm, as given to {@code X509TrustManager.checkServerTrusted}
     * @param hostname the server name the client connects to, or {@code null} when unknown
     * @throws CertificateException when the OS does not trust the chain for TLS server authentication
     */
    void verifyServer(X509Certificate[] chain, String authType, String hostname) throws CertificateException;

    /**
     * As {@link #verifyServer(X509Certificate[], String, String)}, with the OCSP responses the server stapled
     * ({@code ExtendedSSLSession.getStatusResponses()}: one DER {@code OCSPResponse} per chain position, empty
     * where none was sent), for verifiers whose OS API takes them. The default ignores them.
     *
     * @param stapledOcsp the stapled responses, possibly empty, never {@code null}
     */
    default void verifyServer(X509Certificate[] chain, String authType, String hostname,
            java.util.List<byte[]> stapledOcsp) throws CertificateException {
        verifyServer(chain, authType, hostname);
    }

    /**
     * Verifies as {@link #verifyServer(X509Certificate[], String, String, java.util.List)} and returns the chain the
     * OS validated: leaf first, ending with the OS's anchor, including certificates the OS supplied itself. The
     * OS-verifying trust manager applies the store's distrust to it and anchors the JDK's own checks at its end.
     * The default returns the chain as sent, for an OS API that does not report its chain.
     */
    default java.util.List<X509Certificate> verifiedChain(X509Certificate[] chain, String authType, String hostname,
            java.util.List<byte[]> stapledOcsp) throws CertificateException {
        verifyServer(chain, authType, hostname, stapledOcsp);
        return java.util.List.of(chain);
    }

    /**
     * The chain an OS reported as validated, parsed from its DER, for {@link #verifiedChain}: an empty report or an
     * unparsable certificate fails, since the checks that follow need the whole path.
     *
     * @param ders        the certificates, leaf first, as the OS reported them
     * @param noPath      the message when the OS reported none
     * @param whoseParsed how the message for an unparsable certificate begins, e.g. "Windows validated a path"
     * @return the parsed chain
     * @throws CertificateException when it is empty or a certificate does not parse
     */
    static java.util.List<X509Certificate> parsedPath(java.util.List<byte[]> ders, String noPath,
            String whoseParsed) throws CertificateException {
        if (ders.isEmpty()) {
            throw new CertificateException(noPath);
        }
        java.security.cert.CertificateFactory factory = java.security.cert.CertificateFactory.getInstance("X.509");
        java.util.List<X509Certificate> path = new java.util.ArrayList<>(ders.size());
        for (int i = 0; i < ders.size(); i++) {
            try {
                path.add((X509Certificate) factory.generateCertificate(
                        new java.io.ByteArrayInputStream(ders.get(i))));
            } catch (CertificateException | RuntimeException e) {
                throw new CertificateException(whoseParsed + " whose certificate #" + i + " cannot be parsed: "
                        + e.getMessage(), e);
            }
        }
        return path;
    }
}
