package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The backend against the real crypt32.dll: runs only on Windows (the CI workflow's Windows jobs), never here.
 * Reads the machine's stores, verifies a real Let's Encrypt chain (leaf and R3, issued under ISRG Root X1, valid
 * from 2023-04-29 to 2023-07-28) through Windows' own chain engine at a fixed time inside its validity, and checks
 * that Windows rejects a chain to a root it does not know.
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsRealStoreSmokeTest {
    /** SHA-256 of roots every Windows machine with Microsoft's root program has (one suffices: roots are lazy). */
    private static final Set<String> WELL_KNOWN_ROOTS = Set.of(
            "96BCEC06264976F37460779ACF28C5A7CFE8A3C0AAE11A8FFCEE05C0BDDF08C6", // ISRG Root X1
            "CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F", // DigiCert Global Root G2
            "4348A0E9444C78CB265E058D5E8944B4D84F9662BD26DB257F8934A443C70161", // DigiCert Global Root CA
            "E793C9B02FD8AA13E21C31228ACCB08119643B749C898964B1746D46C3D4CBD2", // USERTrust RSA
            "EBD41040E4BB3EC742C9E381D31EF2A41A48B6685C96E7CEF3C1DF6CD4331C99"); // GlobalSign Root CA
    private static final Instant INSIDE_VALIDITY = Instant.parse("2023-06-01T12:00:00Z");

    @Test
    void theRealStoresGiveManyAnchorsIncludingAWellKnownRoot() throws Exception {
        TrustStoreReport report = new WindowsBackend().read();

        assertThat(report.searched()).noneMatch(location -> location.detail().startsWith("FALLBACK"));
        assertThat(report.searched()).filteredOn(location -> location.location().equals("LOCAL_MACHINE\\ROOT (system)"))
                .extracting(SearchedLocation::outcome).containsExactly(SearchedLocation.Outcome.READ);
        assertThat(report.anchors()).hasSizeGreaterThan(50);
        Set<String> fingerprints = report.anchors().stream().map(TrustedCertificate::certificate)
                .map(WindowsRealStoreSmokeTest::sha256).collect(Collectors.toSet());
        assertThat(fingerprints).containsAnyElementsOf(WELL_KNOWN_ROOTS);
    }

    @Test
    void windowsVerifiesARealServerChainAtAFixedTime() throws Exception {
        X509Certificate[] chain = realChain();
        WindowsServerChainVerifier verifier = new WindowsServerChainVerifier(NativeAccess.chainPolicyEngine(),
                WindowsChainPolicy.fromSystemProperties(), INSIDE_VALIDITY);

        assertThatCode(() -> verifier.verifyServer(chain, "ECDHE_RSA", "tracker.mywaifu.best"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verifyServer(chain, "ECDHE_RSA", "other.example"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CERT_E_CN_NO_MATCH");
    }

    @Test
    void windowsRejectsAChainToARootItDoesNotKnow() {
        TestCertificates.Issued root = TestCertificates.selfSignedCa("Unknown Smoke Root");
        TestCertificates.Issued intermediate = TestCertificates.intermediate(root, "Unknown Smoke CA");
        X509Certificate leaf = TestCertificates.server(intermediate, "example.test").certificate();
        WindowsServerChainVerifier verifier = new WindowsServerChainVerifier(NativeAccess.chainPolicyEngine());

        assertThatThrownBy(() -> verifier.verifyServer(new X509Certificate[] {leaf, intermediate.certificate()},
                "ECDHE_ECDSA", "example.test")).isInstanceOf(CertificateException.class)
                .hasMessageContaining("Windows does not trust this server");
    }

    private static X509Certificate[] realChain() throws Exception {
        try (InputStream pem = WindowsRealStoreSmokeTest.class.getResourceAsStream("tracker.mywaifu.best-2023.pem")) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem)
                    .stream().map(X509Certificate.class::cast).toList();
            return certificates.toArray(X509Certificate[]::new);
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
