package dev.systemtrust;

import dev.systemtrust.spi.CertificateIdentity;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Opt-in ({@code -Dsystemtrust.includeJdkCacerts=true}): the JDK's {@code cacerts} anchors added to the OS's, for
 * machines whose OS store lags (Windows installs Microsoft roots lazily; minimal containers). The OS's distrust still
 * wins: a certificate the OS distrusts is never added back.
 */
final class JdkCacertsUnion {
    static final String PROPERTY = "systemtrust.includeJdkCacerts";

    private JdkCacertsUnion() {
    }

    static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY));
    }

    static Path cacerts() {
        return Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    }

    /** Size, modification time and identity of the cacerts file, for the read cache. */
    static List<Object> inputState() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(cacerts(), BasicFileAttributes.class);
            return List.of(PROPERTY, attributes.size(), attributes.lastModifiedTime(),
                    String.valueOf(attributes.fileKey()));
        } catch (IOException e) {
            return List.of(PROPERTY, "unreadable", e.getClass().getName());
        }
    }

    static TrustStoreReport apply(TrustStoreReport report) throws IOException {
        Path file = cacerts();
        String location = file + " (JDK cacerts, " + PROPERTY + "=true)";
        List<SearchedLocation> searched = new ArrayList<>(report.searched());
        List<X509Certificate> certificates;
        try {
            certificates = load(file);
        } catch (NoSuchFileException e) {
            searched.add(new SearchedLocation(location, SearchedLocation.Outcome.ABSENT, 0, "no such file"));
            return with(report, report.anchors(), searched, 0);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the JDK's cacerts for " + PROPERTY + ": " + e.getMessage(), e);
        }
        Set<CertificateIdentity> refusedByOs = refusedForTlsServers(report);
        Set<X509Certificate> present = new HashSet<>();
        report.anchors().forEach(anchor -> present.add(anchor.certificate()));
        List<TrustedCertificate> anchors = new ArrayList<>(report.anchors());
        int duplicates = 0;
        int refused = 0;
        for (X509Certificate certificate : certificates) {
            if (refusedByOs.contains(CertificateIdentity.of(certificate))
                    || ServerAuthPurpose.refusalByOwnExtension(certificate).isPresent()) {
                refused++;
            } else if (present.add(certificate)) {
                anchors.add(new TrustedCertificate(certificate, null, "jdk-cacerts"));
            } else {
                duplicates++;
            }
        }
        searched.add(new SearchedLocation(location, SearchedLocation.Outcome.READ, certificates.size(),
                refused == 0 ? "" : refused + " distrusted or refused for TLS servers by the OS, not added"));
        return with(report, anchors, searched, duplicates);
    }

    /**
     * Every certificate identity (subject and key) the OS distrusts or refuses for TLS servers (Microsoft's partial
     * distrust, serverAuth unticked by an administrator, an OpenSSL trust list for other purposes): cacerts must not
     * add back what the OS refused, only what it never mentions.
     */
    private static Set<CertificateIdentity> refusedForTlsServers(TrustStoreReport report) {
        Set<CertificateIdentity> refused = new HashSet<>();
        for (ExcludedCertificate excluded : report.excluded()) {
            if (excluded.reason() != ExclusionReason.NO_TRUST_DECISION) {
                refused.add(CertificateIdentity.of(excluded.certificate()));
            }
        }
        return refused;
    }

    private static TrustStoreReport with(TrustStoreReport report, List<TrustedCertificate> anchors,
            List<SearchedLocation> searched, int moreDuplicates) {
        return new TrustStoreReport(report.backendId(), anchors, report.intermediates(), report.excluded(), report.skipped(), searched,
                report.duplicatesMerged() + moreDuplicates);
    }

    private static List<X509Certificate> load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, null);
        }
        return dev.systemtrust.spi.KeyStoreCertificates.all(store);
    }
}
