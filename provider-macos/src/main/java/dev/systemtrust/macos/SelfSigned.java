package dev.systemtrust.macos;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * "Self-signed" as trustd decides it for TrustRoot versus TrustAsRoot ({@code SecCertificateIsSelfSigned}): the
 * subject equals the issuer AND the signature verifies with the certificate's own public key. A certificate whose
 * issuer name merely repeats its subject but which another key signed is not self-signed.
 */
final class SelfSigned {

    private SelfSigned() {
    }

    static boolean bySignature(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
