package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the OS distrusts, as one lookup: by certificate (DER) and by {@link CertificateIdentity} (subject and key),
 * so a re-issued copy of a distrusted CA is distrusted too. Chain validation asks it about every certificate of a
 * path, at any depth; the report asks it about every anchor candidate.
 */
public final class DistrustList {
    private static final DistrustList EMPTY = new DistrustList(Map.of(), Map.of());

    private final Map<X509Certificate, ExcludedCertificate> byCertificate;
    private final Map<CertificateIdentity, ExcludedCertificate> byIdentity;

    private DistrustList(Map<X509Certificate, ExcludedCertificate> byCertificate,
            Map<CertificateIdentity, ExcludedCertificate> byIdentity) {
        this.byCertificate = byCertificate;
        this.byIdentity = byIdentity;
    }

    /** The distrust among {@code exclusions} (those with reason {@link ExclusionReason#DISTRUSTED}). */
    public static DistrustList of(List<ExcludedCertificate> exclusions) {
        Map<X509Certificate, ExcludedCertificate> byCertificate = new HashMap<>();
        Map<CertificateIdentity, ExcludedCertificate> byIdentity = new HashMap<>();
        for (ExcludedCertificate exclusion : exclusions) {
            if (exclusion.reason() == ExclusionReason.DISTRUSTED) {
                byCertificate.putIfAbsent(exclusion.certificate(), exclusion);
                byIdentity.putIfAbsent(CertificateIdentity.of(exclusion.certificate()), exclusion);
            }
        }
        return byCertificate.isEmpty() ? EMPTY : new DistrustList(Map.copyOf(byCertificate), Map.copyOf(byIdentity));
    }

    public boolean isEmpty() {
        return byCertificate.isEmpty();
    }

    /** How many distinct certificates the OS distrusts. */
    public int size() {
        return byCertificate.size();
    }

    /** The OS's distrust entry that covers {@code certificate} (the same certificate, or the same subject and key). */
    public Optional<ExcludedCertificate> match(X509Certificate certificate) {
        if (byCertificate.isEmpty()) {
            return Optional.empty();
        }
        ExcludedCertificate exact = byCertificate.get(certificate);
        return exact != null ? Optional.of(exact)
                : Optional.ofNullable(byIdentity.get(CertificateIdentity.of(certificate)));
    }

    /**
     * The OS's distrust entry for a certificate named {@code subject} that could have issued {@code certificate}
     * (its public key verifies the signature), for explaining a chain that failed to reach an anchor because the
     * OS distrusts the CA above it.
     */
    public Optional<ExcludedCertificate> issuerOf(X509Certificate certificate) {
        if (byCertificate.isEmpty()) {
            return Optional.empty();
        }
        for (ExcludedCertificate entry : byCertificate.values()) {
            if (IssuerSignature.issued(entry.certificate(), certificate)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    /** "distrusted by the OS: &lt;detail&gt; (&lt;source&gt;)", naming the listed copy when it is another one. */
    public static String describe(X509Certificate certificate, ExcludedCertificate entry) {
        String copy = entry.certificate().equals(certificate) ? ""
                : "; the OS distrusts a certificate with the same subject and public key";
        return "distrusted by the OS: " + entry.detail() + " (" + entry.source() + ")" + copy;
    }
}
