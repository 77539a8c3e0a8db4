package dev.systemtrust.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Whether OpenSSL's lookup by subject would ever reach a directory certificate. OpenSSL looks a hashed directory up
 * only when its store (loaded from the bundle) has no certificate with that subject, and it tries the directories
 * of {@code SSL_CERT_DIR} in order, stopping at the first whose {@code <hash>.N} files have the subject. So a
 * directory certificate is out of reach when the bundle in use, or an earlier directory's hash-named files, have a
 * certificate with its subject. Subjects are matched by their encoding, and otherwise as OpenSSL compares names
 * ({@link CanonicalName}), computed only for the rare certificate the encodings do not settle.
 */
final class LookupSubjects {
    /** Decoded certificates are shared per encoding, so identity tells a bundle certificate from a look-alike. */
    private final Set<CertificateDecoder.Decoded> bundleCertificates =
            Collections.newSetFromMap(new IdentityHashMap<>());
    /** Subject encodings as Latin-1 strings: cheap to hash on a cold JVM. */
    private final Set<String> encodedSubjects = new HashSet<>();
    private final List<byte[]> subjects = new ArrayList<>();
    private final List<byte[]> currentDirectory = new ArrayList<>();
    private Set<String> canonicalSubjects;

    /** A certificate of the bundle in use. */
    void addBundleCertificate(CertificateDecoder.Decoded decoded) {
        bundleCertificates.add(decoded);
        addSubject(decoded.subject());
    }

    /** The subject of a bundle block that was skipped here but that OpenSSL may still load. */
    void addSubject(byte[] subject) {
        if (encodedSubjects.add(latin1(subject))) {
            subjects.add(subject);
            canonicalSubjects = null;
        }
    }

    /** A certificate in a hash-named file of the directory being read; it hides its subject from later ones. */
    void addFromDirectory(CertificateDecoder.Decoded decoded) {
        if (!bundleCertificates.contains(decoded)) {
            currentDirectory.add(decoded.subject());
        }
    }

    /** The directory being read is done: certificates in the next ones with its subjects are out of reach. */
    void directoryDone() {
        for (byte[] subject : currentDirectory) {
            addSubject(subject);
        }
        currentDirectory.clear();
    }

    /**
     * Whether the bundle or an earlier directory has a certificate with this subject, this very certificate
     * included: OpenSSL never reads the directory copy of a bundle certificate either, so only the bundle copy's
     * trust attributes count.
     */
    boolean shadows(CertificateDecoder.Decoded decoded) {
        if (encodedSubjects.isEmpty()) {
            return false; // holds every subject added, the bundle certificates' included
        }
        if (bundleCertificates.contains(decoded) || encodedSubjects.contains(latin1(decoded.subject()))) {
            return true;
        }
        byte[] canonical = CanonicalName.of(decoded.subject());
        if (canonical == null) {
            return false; // OpenSSL cannot parse this name, so its lookup never returns this certificate anyway
        }
        if (canonicalSubjects == null) {
            canonicalSubjects = new HashSet<>();
            for (byte[] subject : subjects) {
                byte[] known = CanonicalName.of(subject);
                if (known != null) {
                    canonicalSubjects.add(latin1(known));
                }
            }
        }
        return canonicalSubjects.contains(latin1(canonical));
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
