package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.macos.MacServerChainVerifier;
import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.macos.TrustSettingsDomain;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real Security.framework, on macOS only: the store as this Mac has it, and macOS verifying a real server chain
 * at a fixed time. {@code chains/www.google.com-2023-01.pem} is the chain www.google.com served in January 2023
 * (leaf, then GTS CA 1C3; the root is GTS Root R1, shipped by macOS).
 */
@EnabledOnOs(OS.MAC)
class MacosRealStoreSmokeTest {
    /** SHA-256 of GTS Root R1, a root every current macOS ships. */
    private static final String GTS_ROOT_R1 = "d947432abde7b7fa90fc2e6b59101b1280e0e1c7e4e40fa3c6887fff57a7f4cf";
    private static final Instant CHAIN_VALID_AT = Instant.parse("2023-01-15T12:00:00Z");

    @Test
    void theRealStoreHasApplesRootsAndAWellKnownOne() throws Exception {
        TrustStoreReport report = new MacosBackend().read();

        assertThat(report.anchors()).hasSizeGreaterThan(50);
        assertThat(report.anchors()).extracting(anchor -> sha256(anchor.certificate())).contains(GTS_ROOT_R1);
        assertThat(report.anchors()).extracting(TrustedCertificate::source)
                .contains(TrustSettingsDomain.SYSTEM.location());
        assertThat(report.searched()).filteredOn(s -> s.location().equals(TrustSettingsDomain.SYSTEM.location()))
                .extracting(SearchedLocation::outcome).containsExactly(SearchedLocation.Outcome.READ);
    }

    @Test
    void macOsVerifiesARealServerChainAtItsTime() throws Exception {
        X509Certificate[] chain = realChain();
        MacServerChainVerifier verifier = new MacServerChainVerifier(NativeChainEvaluator.at(CHAIN_VALID_AT));

        assertThatCode(() -> verifier.verifyServer(chain, "ECDHE_RSA", "www.google.com")).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verifyServer(chain, "ECDHE_RSA", "www.example.com"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void macOsRejectsAChainToARootItDoesNotTrust() {
        TestCertificates.Issued root = TestCertificates.selfSignedCa("Untrusted Smoke Root");
        TestCertificates.Issued issuer = TestCertificates.intermediate(root, "Untrusted Smoke Issuing CA");
        X509Certificate[] chain = {TestCertificates.server(issuer, "smoke.example.test").certificate(),
                issuer.certificate()};
        MacServerChainVerifier verifier = (MacServerChainVerifier) new MacosBackend().serverChainVerifier()
                .orElseThrow();

        assertThatThrownBy(() -> verifier.verifyServer(chain, "ECDHE_ECDSA", "smoke.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("macOS does not trust");
    }

    private static X509Certificate[] realChain() throws Exception {
        try (InputStream pem = MacosRealStoreSmokeTest.class.getResourceAsStream("/chains/www.google.com-2023-01.pem")) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem)
                    .stream().map(X509Certificate.class::cast).toList();
            return certificates.toArray(X509Certificate[]::new);
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
