package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks against the machine the tests run on. On a Debian-family machine, reading the real standard locations (with SSL_CERT_FILE/SSL_CERT_DIR
 * explicitly unset, whatever this process's environment says) yields exactly the certificates of the
 * bundle {@code update-ca-certificates} builds from {@code /etc/ssl/certs}.
 */
class RealSystemStoreTest {
    private static final Path BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    @Test
    void anchorsAreExactlyTheDebianBundle() throws Exception {
        assumeTrue(Files.exists(Path.of("/etc/debian_version")) && Files.isRegularFile(BUNDLE),
                "a Debian-family system with ca-certificates installed");
        Set<Certificate> bundle;
        try (InputStream in = Files.newInputStream(BUNDLE)) {
            bundle = new HashSet<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        assumeTrue(!bundle.isEmpty(), "the bundle holds certificates");

        TrustStoreReport report = new LinuxTrustBackend(Map.of(), LinuxTrustLocations.standard()).read();

        assertThat(new HashSet<Certificate>(TrustTree.anchors(report))).isEqualTo(bundle);
        assertThat(report.excluded()).isEmpty();
    }

    @Test
    void keyStoreOnThisLinuxMachineServesTheBackendsAnchors() throws Exception {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && System.getProperty("systemtrust.backend") == null);
        TrustStoreReport report = new LinuxTrustBackend().read(); // this process's real environment
        assumeTrue(!report.anchors().isEmpty(), "this machine has CA certificates");

        KeyStore store = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE, new SystemTrustProvider());
        store.load(null, null);

        Set<Certificate> served = new HashSet<>();
        for (String alias : Collections.list(store.aliases())) {
            served.add(store.getCertificate(alias));
        }
        assertThat(served).isEqualTo(new HashSet<Certificate>(TrustTree.anchors(report)));
    }
}
