package dev.systemtrust.cli.check;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.TrustStoreReport;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One trust store as path explanation needs it: the anchors (with the alias a user can look up), the certificates
 * it offers for path building, and what it refuses.
 */
record TrustView(List<Anchor> anchors, List<IntermediateCertificate> intermediates,
        List<ExcludedCertificate> excluded, DistrustList distrust) {

    /** An anchor, named as the store names it. */
    record Anchor(X509Certificate certificate, String alias, String source) {
    }

    /** The OS store as SystemTrust read it, with the KeyStore's aliases. */
    static TrustView of(TrustStoreReport report) {
        Map<String, X509Certificate> byAlias = AliasAssigner.assign(report.anchors());
        Map<X509Certificate, String> sources = new HashMap<>();
        report.anchors().forEach(anchor -> sources.put(anchor.certificate(), anchor.source()));
        List<Anchor> anchors = new ArrayList<>();
        byAlias.forEach((alias, certificate) -> anchors.add(new Anchor(certificate, alias, sources.get(certificate))));
        return new TrustView(anchors, report.intermediates(), report.excluded(), report.distrust());
    }

    /** A KeyStore handed to the JDK's PKIX: every trusted-certificate entry is an anchor; nothing else counts. */
    static TrustView of(KeyStore store, String source) throws KeyStoreException {
        List<Anchor> anchors = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.isCertificateEntry(alias) ? store.getCertificate(alias) : null;
            if (certificate instanceof X509Certificate x509) {
                anchors.add(new Anchor(x509, alias, source));
            }
        }
        return new TrustView(anchors, List.of(), List.of(), DistrustList.of(List.of()));
    }

    /**
     * The anchor {@code certificate} is, as the JDK's PKIX sees it: the same certificate, or one with the same
     * subject and public key (a re-issued root the server still sends).
     */
    Optional<Anchor> anchorFor(X509Certificate certificate) {
        for (Anchor anchor : anchors) {
            if (anchor.certificate().equals(certificate)) {
                return Optional.of(anchor);
            }
        }
        for (Anchor anchor : anchors) {
            X509Certificate candidate = anchor.certificate();
            if (candidate.getSubjectX500Principal().equals(certificate.getSubjectX500Principal())
                    && candidate.getPublicKey().equals(certificate.getPublicKey())) {
                return Optional.of(anchor);
            }
        }
        return Optional.empty();
    }
}
