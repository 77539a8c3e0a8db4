package dev.systemtrust.cli;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** Who signed a certificate, decided by names and the signature itself. */
public final class IssuerSignature {
    private IssuerSignature() {
    }

    /** {@code issuer}'s subject is {@code subject}'s issuer and its key verifies {@code subject}'s signature. */
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

    /** Subject = issuer and the certificate's own key verifies its signature. */
    public static boolean selfSigned(X509Certificate certificate) {
        return issued(certificate, certificate);
    }
}
