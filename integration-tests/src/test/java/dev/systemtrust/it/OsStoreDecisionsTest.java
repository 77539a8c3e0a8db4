package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.clients.HttpsClient;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.TlsScenario;
import dev.systemtrust.it.harness.OpenSsl;
import dev.systemtrust.it.harness.PrivateMountNamespace;
import dev.systemtrust.it.harness.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OS trust decisions seen end to end: a CA the OS distrusts is refused even when the bundle lists it, the CLI
 * (the runnable jar users run) reports what it found, and an empty store fails with a usable message.
 */
class OsStoreDecisionsTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("systemtrust.cli.jar",
            "../cli/target/systemtrust-cli.jar"));

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static TestPki pki;

    @BeforeAll
    static void startServer() {
        scenario = TlsScenario.start(work, "SystemTrust Distrust Root");
        pki = scenario.pki();
    }

    @AfterAll
    static void stopServer() {
        if (scenario != null) {
            scenario.close();
        }
    }

    private static DebianEtcSsl caListedButRejectedForServerAuth(String name) {
        String rejected = OpenSsl.trustedCertificate(pki.caPem(), List.of(), List.of("serverAuth"));
        return DebianEtcSsl.hostBundlePlus(work.resolve(name), pki.ca().pem()).withCertsFile("blocked.pem", rejected);
    }

    @Test
    void anOpenSslRejectEntryBeatsTheSameCaListedInTheBundle() {
        DebianEtcSsl etcSsl = caListedButRejectedForServerAuth("etc-ssl-rejected");
        for (Path jdk : Jdks.homes()) {
            ChildProcess.Result result = ChildJvm.on(jdk).inside(etcSsl.namespace())
                    .runMain(HttpsClient.class.getName(), "programmatic", scenario.url());

            assertThat(result.stdout()).as(result.describe()).startsWith("FAIL ")
                    .contains("unable to find valid certification path");
        }
    }

    @Test
    void trustOnlyForEmailDoesNotMakeAServerAnchor() {
        String emailOnly = OpenSsl.trustedCertificate(pki.caPem(), List.of("emailProtection"), List.of());
        DebianEtcSsl etcSsl = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl-email"), "")
                .withCertsFile("email-only.pem", emailOnly);

        ChildProcess.Result result = ChildJvm.on(Jdks.homes().get(0)).inside(etcSsl.namespace())
                .runMain(HttpsClient.class.getName(), "programmatic", scenario.url());

        assertThat(result.stdout()).as(result.describe()).startsWith("FAIL ")
                .contains("unable to find valid certification path");
    }

    @Test
    void cliListsTheOsAnchorsWithOpenSslsFingerprintAndExplainsTheDistrust() throws Exception {
        DebianEtcSsl etcSsl = caListedButRejectedForServerAuth("etc-ssl-cli");
        var listedRoot = dev.systemtrust.testing.TestCertificates.selfSignedCa("SystemTrust Listed Root");
        Path otherRoot = OpenSsl.write(work.resolve("other-root.pem"), listedRoot.pem());
        // With a bundle in use, a directory adds anchors through OpenSSL's hash names only (as c_rehash makes them).
        etcSsl.withCertsFile(OpenSsl.subjectHash(otherRoot) + ".0", readString(otherRoot));
        String listedSha = OpenSsl.sha256(otherRoot);
        String rejectedSha = OpenSsl.sha256(pki.caPem());

        ChildProcess.Result list = ChildJvm.on(Jdks.homes().get(0)).inside(etcSsl.namespace()).runJar(CLI_JAR, "list");
        ChildProcess.Result explain = ChildJvm.on(Jdks.homes().get(0)).inside(etcSsl.namespace())
                .runJar(CLI_JAR, "explain");

        assertThat(list.exitCode()).as(list.describe()).isZero();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(listedRoot.certificate().getEncoded());
        assertThat(list.stdout()).contains("systemtrust-listed-root-" + String.format("%08x", crc.getValue()) + "\t"
                        + listedSha)
                .doesNotContain(rejectedSha);
        assertThat(explain.exitCode()).as(explain.describe()).isZero();
        assertThat(explain.stdout())
                .contains("backend: linux (chosen by os.name=Linux)")
                .contains("READ\t/etc/ssl/certs/ca-certificates.crt (bundle)")
                .containsPattern("DISTRUSTED\tCN=SystemTrust Distrust Root[^\n]*sha256=" + rejectedSha
                        + "\t/etc/ssl/certs/blocked.pem");
    }

    @Test
    void aMachineWithoutAnyCaBundleGetsAnErrorNamingEveryPlaceSearched() throws Exception {
        Path emptyEtcSsl = Files.createDirectories(work.resolve("etc-ssl-empty"));
        PrivateMountNamespace bare = new PrivateMountNamespace().bind(emptyEtcSsl, DebianEtcSsl.REAL);

        ChildProcess.Result client = ChildJvm.on(Jdks.homes().get(0)).inside(bare)
                .runMain(HttpsClient.class.getName(), "programmatic", scenario.url());
        ChildProcess.Result explain = ChildJvm.on(Jdks.homes().get(0)).inside(bare).runJar(CLI_JAR, "explain");

        assertThat(client.stdout()).as(client.describe())
                .contains("SystemTrust found no trusted certificates")
                .contains("/etc/ssl/certs/ca-certificates.crt").contains("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem")
                .contains("/etc/ssl/cert.pem").contains("/system/etc/security/cacerts")
                .contains("How to fix:");
        assertThat(explain.exitCode()).as(explain.describe()).isEqualTo(1);
        assertThat(explain.stdout()).contains("NO TRUSTED CERTIFICATES").contains("how to fix:");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
