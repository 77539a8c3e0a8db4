package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.security.auth.x500.X500Principal;

/**
 * A CA's identity as path building sees it: its subject name and its SubjectPublicKeyInfo. A re-issued CA
 * certificate (new serial, new validity, same subject and key) has the same identity, so distrust of one copy binds
 * every copy, as it does in OpenSSL (which looks issuers up by subject and checks the key) and in browsers (which
 * block by key).
 *
 * <p>Subjects compare as {@link X500Principal#CANONICAL} strings (case and spacing folded), so a
 * differently-encoded copy of a distrusted name still matches: matching more copies can only narrow trust.
 */
public final class CertificateIdentity {
    private final String subject;
    private final byte[] subjectPublicKeyInfo;
    private final int hash;

    private CertificateIdentity(String subject, byte[] subjectPublicKeyInfo) {
        this.subject = subject;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.hash = 31 * subject.hashCode() + Arrays.hashCode(subjectPublicKeyInfo);
    }

    public static CertificateIdentity of(X509Certificate certificate) {
        return new CertificateIdentity(certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL),
                certificate.getPublicKey().getEncoded());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateIdentity that && hash == that.hash && subject.equals(that.subject)
                && Arrays.equals(subjectPublicKeyInfo, that.subjectPublicKeyInfo);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return subject + " with its public key";
    }
}
