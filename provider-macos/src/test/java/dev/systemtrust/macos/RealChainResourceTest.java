package dev.systemtrust.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real chain the macOS smoke test verifies is what it claims to be: PKIX accepts it on this machine at the
 * smoke test's time, anchored at GTS Root R1 from the Debian bundle, so a failure on a Mac is about macOS.
 */
class RealChainResourceTest {
    private static final Path GTS_ROOT_R1 = Path.of("/etc/ssl/certs/GTS_Root_R1.pem");

    /**
     * Skipped on a Linux machine without the root, except under CI=true (install-test-deps installs
     * ca-certificates, and GitHub's Ubuntu runners ship it).
     */
    static boolean debianBundleHasGtsRootR1() {
        return Files.isReadable(GTS_ROOT_R1) || "true".equals(System.getenv("CI"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIf("debianBundleHasGtsRootR1")
    void theRealChainIsValidToGtsRootR1InJanuary2023() throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain;
        try (InputStream pem = getClass().getResourceAsStream("/chains/www.google.com-2023-01.pem")) {
            chain = x509.generateCertificates(pem).stream().map(X509Certificate.class::cast).toList();
        }
        X509Certificate root;
        try (InputStream in = Files.newInputStream(GTS_ROOT_R1)) {
            root = (X509Certificate) x509.generateCertificate(in);
        }
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(java.time.Instant.parse("2023-01-15T12:00:00Z")));
        CertPath path = x509.generateCertPath(chain);

        CertPathValidator.getInstance("PKIX").validate(path, parameters);

        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=www.google.com");
    }
}
