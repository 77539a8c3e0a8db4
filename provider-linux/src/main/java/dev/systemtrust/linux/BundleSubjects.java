package dev.systemtrust.linux;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The subjects of the certificates in the bundle in use. OpenSSL looks a hashed directory up by subject only when
 * its store (loaded from the bundle) has no certificate with that subject, so a directory certificate whose subject
 * a different bundle certificate already has is never used by OpenSSL. Subjects are matched by their encoding, and
 * for the rare directory-only certificate also as OpenSSL compares names (canonical form, which
 * {@link X500Principal#equals} implements).
 */
final class BundleSubjects {
    /** Decoded certificates are shared per encoding, so identity tells a bundle certificate from a look-alike. */
    private final Set<CertificateDecoder.Decoded> certificates = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Subject encodings as Latin-1 strings: cheap to hash on a cold JVM. */
    private final Set<String> encodedSubjects = new HashSet<>();
    private Set<X500Principal> principals;

    /** The subject of a bundle block that was skipped here but that OpenSSL may still load. */
    void addSubject(byte[] subject) {
        encodedSubjects.add(new String(subject, StandardCharsets.ISO_8859_1));
    }

    void add(CertificateDecoder.Decoded decoded) {
        certificates.add(decoded);
        addSubject(decoded.subject());
        principals = null;
    }

    /**
     * Whether the bundle has a certificate with this subject, this very certificate included: OpenSSL never reads
     * the directory copy of a bundle certificate either, so only the bundle copy's trust attributes count.
     */
    boolean shadows(CertificateDecoder.Decoded decoded) {
        if (encodedSubjects.isEmpty()) {
            return false; // holds every subject added, the certificates' included
        }
        if (certificates.contains(decoded)) {
            return true;
        }
        if (encodedSubjects.contains(new String(decoded.subject(), StandardCharsets.ISO_8859_1))) {
            return true;
        }
        if (certificates.isEmpty()) {
            return false;
        }
        if (principals == null) {
            principals = new HashSet<>();
            for (CertificateDecoder.Decoded certificate : certificates) {
                principals.add(certificate.certificate().getSubjectX500Principal());
            }
        }
        return principals.contains(decoded.certificate().getSubjectX500Principal());
    }
}
