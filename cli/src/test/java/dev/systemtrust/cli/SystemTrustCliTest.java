package dev.systemtrust.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SystemTrustCliTest {
    private static final X509Certificate CORPORATE = TestCertificates.selfSignedCa("Corporate Root").certificate();
    private static final X509Certificate REVOKED = TestCertificates.selfSignedCa("Revoked Root").certificate();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void useFakeBackend() {
        System.setProperty("systemtrust.backend", FakeBackend.ID);
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID)
                .searched("/etc/ssl/certs/ca-certificates.crt (bundle)", Outcome.READ, 2, "")
                .searched("/etc/pki/tls/certs (directory)", Outcome.ABSENT, 0, "does not exist")
                .trust(CORPORATE, null, "/etc/ssl/certs/ca-certificates.crt")
                .trust(REVOKED, null, "/etc/ssl/certs/ca-certificates.crt")
                .exclude(REVOKED, "/etc/ssl/certs/blocked.pem", ExclusionReason.DISTRUSTED, "reject serverAuth")
                .skip("/etc/ssl/certs/junk.pem:3", "bad base64")
                .build());
    }

    @AfterEach
    void clearOverride() {
        System.clearProperty("systemtrust.backend");
    }

    private int run(String... args) {
        return new SystemTrustCli(ReportSource.SYSTEM, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listPrintsOneLinePerAnchorWithAliasFingerprintAndSource() {
        assertThat(run("list")).isEqualTo(SystemTrustCli.OK);

        String sha = AliasAssigner.sha256Hex(CORPORATE);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(encoded(CORPORATE));
        assertThat(stdout().lines().skip(1)).containsExactly(String.join("\t",
                "corporate-root-" + String.format("%08x", crc.getValue()), sha,
                CORPORATE.getNotAfter().toInstant().toString().substring(0, 10),
                "CN=Corporate Root,O=SystemTrust Tests", "/etc/ssl/certs/ca-certificates.crt"));
        assertThat(stdout()).doesNotContain("Revoked");
    }

    @Test
    void listPemRoundTripsToTheSameCertificates() throws Exception {
        assertThat(run("list", "--pem")).isEqualTo(SystemTrustCli.OK);

        java.util.Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(out.toByteArray()));
        assertThat(new java.util.ArrayList<java.security.cert.Certificate>(parsed)).containsExactly(CORPORATE);
    }

    @Test
    void explainAccountsForEverySourceExclusionAndSkip() {
        assertThat(run("explain")).isEqualTo(SystemTrustCli.OK);

        assertThat(stdout())
                .contains("backend: fake-for-tests (chosen by -Dsystemtrust.backend=fake-for-tests)")
                .contains("READ\t/etc/ssl/certs/ca-certificates.crt (bundle)\t2 certificates")
                .contains("ABSENT\t/etc/pki/tls/certs (directory)\t0 certificates\tdoes not exist")
                .contains("anchors: 1 (0 duplicate listings merged)")
                .contains("DISTRUSTED\tCN=Revoked Root,O=SystemTrust Tests\tsha256=" + AliasAssigner.sha256Hex(REVOKED)
                        + "\t/etc/ssl/certs/blocked.pem\treject serverAuth")
                .contains("/etc/ssl/certs/junk.pem:3\tbad base64")
                .as("a distrusted root is simply not an anchor: nothing for the KeyStore path to miss")
                .doesNotContain("distrusted intermediates");
        assertThat(run("doctor")).isEqualTo(SystemTrustCli.OK);
    }

    @Test
    void explainSaysPlainlyWhichPathCannotEnforceADistrustedIntermediate() {
        var root = TestCertificates.selfSignedCa("Issuing Root");
        X509Certificate intermediate = TestCertificates.intermediate(root, "Compromised CA").certificate();
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID)
                .trust(root.certificate(), null, "/etc/ssl/certs/ca-certificates.crt")
                .exclude(intermediate, "/etc/ssl/certs/blocked.pem", ExclusionReason.DISTRUSTED, "reject serverAuth")
                .exclude(REVOKED, "/etc/ssl/certs/revoked.pem", ExclusionReason.DISTRUSTED, "reject serverAuth")
                .build());

        assertThat(run("explain")).isEqualTo(SystemTrustCli.OK);

        assertThat(stdout())
                .contains("DISTRUSTED\tCN=Compromised CA,O=SystemTrust Tests")
                .contains("distrusted intermediates: 1 (DISTRUSTED above and not self-signed: a server can still "
                        + "send them in its chain)\n"
                        + "  Enforced: the SystemTrust TrustManager (TrustManagerFactory \"SystemTrust\", which "
                        + "-javaagent installs)\n  refuses any chain through them.\n"
                        + "  NOT enforced: a plain KeyStore (-Djavax.net.ssl.trustStoreType=SystemTrust, or KeyStore "
                        + "\"SystemTrust\"\n  handed to the JDK's own PKIX TrustManagerFactory) only leaves them out "
                        + "of the anchors; the JDK never\n"
                        + "  learns of the distrust and accepts a server that sends one. "
                        + "Use the TrustManager path.\n");
    }

    @Test
    void explainOnAnEmptyStoreGivesTheRemedyAndFails() {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID)
                .searched("/etc/ssl/cert.pem (bundle)", Outcome.ABSENT, 0, "does not exist").build());

        assertThat(run()).isEqualTo(SystemTrustCli.NO_ANCHORS);
        assertThat(stdout()).contains("ABSENT\t/etc/ssl/cert.pem (bundle)")
                .contains("NO TRUSTED CERTIFICATES")
                .contains("how to fix: give the fake backend some certificates");
        out.reset();
        assertThat(run("list")).isEqualTo(SystemTrustCli.NO_ANCHORS);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no trusted certificates found");
    }

    @Test
    void unreadableStoreIsReportedWithExitOne() {
        FakeBackend.serve(() -> null);

        assertThat(run("explain")).isEqualTo(SystemTrustCli.NO_ANCHORS);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fake store unavailable");
    }

    @Test
    void unknownCommandsAndOptionsAreUsageErrors() {
        assertThat(run("frobnicate")).isEqualTo(SystemTrustCli.USAGE);
        assertThat(run("list", "--json")).isEqualTo(SystemTrustCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command: frobnicate").contains("Usage:");
        assertThat(run("--help")).isEqualTo(SystemTrustCli.OK);
        assertThat(stdout()).contains("Exit codes");
    }
}
