package dev.systemtrust.spi;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * Who signed a certificate, decided by names and the signature itself: the issuer's subject is the certificate's
 * issuer and the issuer's public key verifies the certificate's signature. "Self-signed" in this sense is what macOS
 * trustd means by it ({@code SecCertificateIsSelfSigned}): a certificate whose issuer name merely repeats its subject
 * but which another key signed is not self-signed. OpenSSL's looser rule, which the Linux backend follows, reads key
 * identifiers instead and lives there.
 */
public final class IssuerSignature {
    private IssuerSignature() {
    }

    /**
     * {@code issuer}'s subject is {@code subject}'s issuer and its key verifies {@code subject}'s signature.
     *
     * @param issuer  the candidate issuer
     * @param subject the certificate it may have signed
     * @return whether it did
     */
    public static boolean issued(X509Certificate issuer, X509Certificate subject) {
        if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
            return false;
        }
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Subject = issuer and the certificate's own key verifies its signature.
     *
     * @param certificate the certificate
     * @return whether it is self-signed
     */
    public static boolean selfSigned(X509Certificate certificate) {
        return issued(certificate, certificate);
    }
}
