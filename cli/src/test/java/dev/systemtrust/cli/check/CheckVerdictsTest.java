package dev.systemtrust.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.cli.ReportSource;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdicts {@code check} draws from a recorded chain, with the OS store served by a fake backend and the JDK's
 * real default trust store. The network side (recording, proxy, host-name check) is proven against nginx in the
 * integration tests.
 */
class CheckVerdictsTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Corporate Root");
    private static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Corporate CA 2");
    private static final TestCertificates.Issued LEAF = TestCertificates.server(INTERMEDIATE, "localhost", "127.0.0.1");
    private static final CheckTarget TARGET = new CheckTarget("localhost", 8443);
    private static final ProxyRoute DIRECT = ProxyRoute.direct("no proxy set");

    @BeforeEach
    void useFakeBackend() {
        System.setProperty("systemtrust.backend", FakeBackend.ID);
        // The fake store has no input state, so trust managers would share a read up to 10 s old across tests.
        dev.systemtrust.TrustStoreReader.invalidateCache();
    }

    @AfterEach
    void restore() {
        System.clearProperty("systemtrust.backend");
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).build());
    }

    private static void osStore(java.util.function.UnaryOperator<TrustStoreReport.Builder> contents) {
        FakeBackend.serve(() -> contents.apply(TrustStoreReport.builder(FakeBackend.ID)
                .trust(TestCertificates.selfSignedCa("Unrelated Root").certificate(), null, "bundle")).build());
    }

    private static CheckReport judge(List<X509Certificate> chain, HostNameVerdict host) {
        return judge(chain, host, System::getProperty);
    }

    private static CheckReport judge(List<X509Certificate> chain, HostNameVerdict host,
            UnaryOperator<String> properties) {
        CheckCommand command = new CheckCommand(ReportSource.SYSTEM, Map.of(), properties, Clock.systemUTC(),
                System.out, System.err);
        return command.judge(TARGET, DIRECT, new ServedChainProbe.Handshake(chain, "UNKNOWN", host, "TLSv1.3",
                "TLS_AES_128_GCM_SHA256", ""));
    }

    private static HostNameVerdict matches() {
        return new HostNameVerdict("localhost", true, "");
    }

    private static String text(CheckReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TextReport.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRootOnlyInTheOsStoreIsTrustedAndTheFixIsTheAgent() {
        osStore(store -> store.trust(ROOT.certificate(), null, "/etc/ssl/certs/ca-certificates.crt"));

        CheckReport report = judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), matches());

        assertThat(report.verdict()).isEqualTo(Verdict.TRUSTED);
        assertThat(report.exitCode()).isZero();
        assertThat(report.systemTrust().orElseThrow().decision().accepted()).isTrue();
        assertThat(report.jdk().orElseThrow().decision().accepted()).isFalse();
        assertThat(report.fix()).contains(FixAdvice.AGENT);
        String alias = AliasAssigner.assign(List.of(new dev.systemtrust.spi.TrustedCertificate(ROOT.certificate(),
                null, "x"))).keySet().iterator().next();
        assertThat(text(report))
                .contains("SystemTrust (OS store, backend fake-for-tests): trusted")
                .contains("  path: [0] CN=localhost\n     <- [1] CN=Corporate CA 2,O=SystemTrust Tests\n"
                        + "     <- anchor CN=Corporate Root,O=SystemTrust Tests (alias " + alias
                        + ", /etc/ssl/certs/ca-certificates.crt)")
                .containsPattern("JDK default trust store \\([^)]*cacerts\\): NOT trusted: ")
                .contains("  ends: issuer CN=Corporate Root,O=SystemTrust Tests is neither sent by the server nor "
                        + "in this store")
                .contains("verdict: trusted by SystemTrust")
                .contains("fix:     trusted by the OS but not by the JDK's default trust store: add -javaagent:");
    }

    @Test
    void aChainBothStoresTrustNeedsNoFix(@TempDir Path directory) throws Exception {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle"));
        KeyStore jdkStore = KeyStore.getInstance("PKCS12");
        jdkStore.load(null, null);
        jdkStore.setCertificateEntry("corporate", ROOT.certificate());
        Path file = directory.resolve("truststore.p12");
        try (var out = Files.newOutputStream(file)) {
            jdkStore.store(out, "changeit".toCharArray());
        }
        System.setProperty("javax.net.ssl.trustStore", file.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        try {
            CheckReport report = judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), matches());

            assertThat(report.verdict()).isEqualTo(Verdict.TRUSTED);
            assertThat(report.jdk().orElseThrow().decision().accepted()).isTrue();
            assertThat(report.jdk().orElseThrow().path().orElseThrow().anchor().orElseThrow().alias())
                    .isEqualTo("corporate");
            assertThat(report.fix()).isEmpty();
            assertThat(text(report)).contains("fix:     nothing to fix")
                    .contains("JDK default trust store (" + file + " (javax.net.ssl.trustStore)): trusted");
        } finally {
            System.clearProperty("javax.net.ssl.trustStore");
            System.clearProperty("javax.net.ssl.trustStorePassword");
        }
    }

    @Test
    void anIssuerNoStoreKnowsIsAnUnknownIssuerAndTheFixSaysWhatToInstall() {
        osStore(store -> store);

        CheckReport report = judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), matches());

        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN_ISSUER);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.problems()).extracting(Problem::message).containsExactly(
                "CN=Corporate CA 2,O=SystemTrust Tests was issued by CN=Corporate Root,O=SystemTrust Tests, which "
                        + "the server did not send and this machine does not trust");
        assertThat(report.fix().orElseThrow()).startsWith("if CN=Corporate Root,O=SystemTrust Tests is your "
                + "organisation's or your TLS-inspecting proxy's root CA, install it in the OS store");
    }

    @Test
    void anIntermediateTheServerOmitsButTheOsListsCompletesThePathAndIsNamed() {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle")
                .intermediate(INTERMEDIATE.certificate(), "/etc/ssl/certs/ca-certificates.crt"));

        CheckReport report = judge(List.of(LEAF.certificate()), matches());

        // The SystemTrust trust manager builds the path through the intermediate the OS lists, as curl would.
        assertThat(report.systemTrust().orElseThrow().decision().accepted()).isTrue();
        assertThat(report.verdict()).isEqualTo(Verdict.TRUSTED);
        assertThat(report.exitCode()).isZero();
        assertThat(report.notes()).contains("the server does not send its intermediate CN=Corporate CA 2,"
                + "O=SystemTrust Tests: SystemTrust took it from the OS store (/etc/ssl/certs/ca-certificates.crt), "
                + "but clients without it cannot build the path; configure the server to send the full chain");
        assertThat(text(report)).contains("     <- CN=Corporate CA 2,O=SystemTrust Tests (not sent by the server: "
                + "from the store, /etc/ssl/certs/ca-certificates.crt)");
    }

    @Test
    void anOmittedIntermediateTheOsListsOnlyExpiredIsAMissingIntermediate() {
        TestCertificates.Issued expired = TestCertificates.expiredIntermediate(ROOT, "Corporate CA 1");
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle")
                .intermediate(expired.certificate(), "/etc/ssl/certs/old-ca.pem"));

        CheckReport report = judge(List.of(TestCertificates.server(expired, "localhost").certificate()), matches());

        assertThat(report.systemTrust().orElseThrow().decision().accepted()).isFalse();
        assertThat(report.verdict()).isEqualTo(Verdict.MISSING_INTERMEDIATE);
        assertThat(report.exitCode()).isEqualTo(CheckReport.NOT_TRUSTED);
        assertThat(report.problems()).extracting(Problem::verdict)
                .containsExactly(Verdict.MISSING_INTERMEDIATE, Verdict.EXPIRED);
        assertThat(report.problems().get(0).message()).isEqualTo("the server does not send its intermediate "
                + "CN=Corporate CA 1,O=SystemTrust Tests; the OS lists a copy (/etc/ssl/certs/old-ca.pem), but the "
                + "path through it is refused");
        assertThat(report.fix().orElseThrow()).startsWith("configure the server to send its intermediate");
    }

    /** The OS's copy of the omitted intermediate is fine: the fix is for what is wrong, the expired leaf. */
    @Test
    void anOmittedIntermediateWithAValidOsCopyIsNotTheVerdictWhenSomethingElseFails() {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle")
                .intermediate(INTERMEDIATE.certificate(), "/etc/ssl/certs/ca-certificates.crt"));

        CheckReport report = judge(List.of(TestCertificates.expiredServer(INTERMEDIATE, "localhost").certificate()),
                matches());

        assertThat(report.verdict()).isEqualTo(Verdict.EXPIRED);
        assertThat(report.problems()).extracting(Problem::verdict).containsExactly(Verdict.EXPIRED);
    }

    @Test
    void anExpiredOsAnchorIsAnExpiredVerdict() {
        TestCertificates.Issued expiredRoot = TestCertificates.expiredSelfSignedCa("Corporate Expired Root");
        osStore(store -> store.trust(expiredRoot.certificate(), null, "/etc/ssl/certs/ca-certificates.crt"));

        CheckReport report = judge(List.of(TestCertificates.server(expiredRoot, "localhost").certificate()),
                matches());

        assertThat(report.verdict()).isEqualTo(Verdict.EXPIRED);
        assertThat(report.problems().get(0).message()).startsWith("CN=Corporate Expired Root,O=SystemTrust Tests "
                + "expired on ");
    }

    @Test
    void aCaWhoseOwnPurposesExcludeTlsServersIsARejectionWithTheTrustManagersReason() {
        TestCertificates.Issued clientOnly = TestCertificates.intermediate(ROOT, "Corporate Client CA",
                org.bouncycastle.asn1.x509.KeyPurposeId.id_kp_clientAuth);
        osStore(store -> store.trust(ROOT.certificate(), null, "/etc/ssl/certs/ca-certificates.crt"));

        CheckReport report = judge(List.of(TestCertificates.server(clientOnly, "localhost").certificate(),
                clientOnly.certificate()), matches());

        assertThat(report.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.systemTrust().orElseThrow().decision().message())
                .contains("may not issue TLS server certificates");
    }

    @Test
    void whereTheOsHasAVerifierItsRefusalCountsToo() {
        osStore(store -> store.trust(ROOT.certificate(), null, "/etc/ssl/certs/ca-certificates.crt"));
        FakeBackend.verifyWith((chain, authType, host) -> {
            throw new java.security.cert.CertificateException("the OS says the chain is revoked");
        });
        try {
            CheckReport report = judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), matches());

            assertThat(report.verdict()).isNotEqualTo(Verdict.TRUSTED);
            assertThat(report.systemTrust().orElseThrow().decision().message())
                    .isEqualTo("the OS verifier refuses it: the OS says the chain is revoked");
        } finally {
            FakeBackend.verifyWith(null);
        }
    }

    @Test
    void aServedIntermediateTheOsDistrustsIsNeverCalledTrusted() {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle")
                .exclude(INTERMEDIATE.certificate(), "/etc/ssl/certs/blocked.pem", ExclusionReason.DISTRUSTED,
                        "OpenSSL reject serverAuth"));

        CheckReport report = judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), matches());

        assertThat(report.verdict()).isEqualTo(Verdict.DISTRUSTED);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.problems().get(0).message()).isEqualTo("CN=Corporate CA 2,O=SystemTrust Tests is "
                + "distrusted by the OS: OpenSSL reject serverAuth (/etc/ssl/certs/blocked.pem), sha256="
                + AliasAssigner.sha256Hex(INTERMEDIATE.certificate()));
        assertThat(report.fix().orElseThrow()).contains("the server must present a chain that avoids it");
        if (report.systemTrust().orElseThrow().decision().accepted()) {
            assertThat(report.notes()).contains("this JVM's SystemTrust trust manager accepted the chain although "
                    + "the OS distrusts a certificate in it: it checks the OS anchors only, and an anchor list cannot "
                    + "carry distrust");
        } else {
            assertThat(report.notes()).noneMatch(note -> note.contains("accepted the chain although"));
        }
    }

    @Test
    void anUnsentIssuerTheOsDistrustsEndsThePathAsDistrusted() {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle")
                .exclude(INTERMEDIATE.certificate(), "Disallowed", ExclusionReason.DISTRUSTED, "Disallowed store"));

        CheckReport report = judge(List.of(LEAF.certificate()), matches());

        assertThat(report.verdict()).isEqualTo(Verdict.DISTRUSTED);
        assertThat(report.problems().get(0).message()).startsWith("its issuer CN=Corporate CA 2,O=SystemTrust Tests "
                + "is distrusted by the OS: Disallowed store (Disallowed)");
        assertThat(text(report)).contains("  ends: issuer CN=Corporate CA 2,O=SystemTrust Tests is DISTRUSTED here "
                + "(Disallowed: Disallowed store)");
    }

    @Test
    void aServerCertificateThatIsItsOwnIssuerIsSelfSigned() {
        osStore(store -> store);
        X509Certificate lonely = TestCertificates.selfSignedCa("Lonely Server").certificate();

        CheckReport report = judge(List.of(lonely), matches());

        assertThat(report.verdict()).isEqualTo(Verdict.SELF_SIGNED);
        assertThat(report.fix().orElseThrow()).startsWith("give the server a certificate issued by a CA");
        assertThat(text(report)).contains("issuer:   CN=Lonely Server,O=SystemTrust Tests (self-signed)");
    }

    @Test
    void aTrustedChainForAnotherNameIsAHostNameMismatch() {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle"));

        CheckReport report = judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()),
                new HostNameVerdict("www.example.test", false, "No name matching www.example.test found"));

        assertThat(report.verdict()).isEqualTo(Verdict.HOSTNAME_MISMATCH);
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.problems()).extracting(Problem::message).containsExactly("the certificate does not name "
                + "www.example.test (it names DNS:localhost, IP:127.0.0.1): No name matching www.example.test found");
        assertThat(report.fix().orElseThrow()).isEqualTo("connect with a name the certificate lists (DNS:localhost, "
                + "IP:127.0.0.1), or have the server's certificate reissued with www.example.test in its subject "
                + "alternative names");
    }

    @Test
    void jsonCarriesTheSameFactsUnderStableKeys() {
        osStore(store -> store.trust(ROOT.certificate(), null, "bundle"));

        String json = JsonReport.render(judge(List.of(LEAF.certificate(), INTERMEDIATE.certificate()), matches()));

        assertThat(json).startsWith("{\n  \"schema\": \"systemtrust-check/1\",\n  \"target\": {\n"
                        + "    \"host\": \"localhost\",\n    \"port\": 8443\n  },\n  \"route\": {\n"
                        + "    \"proxy\": null,\n    \"reason\": \"no proxy set\"\n  },\n  \"connectError\": null,\n")
                .contains("\"sha256\": \"" + AliasAssigner.sha256Hex(LEAF.certificate()) + "\"")
                .contains("\"keyAlgorithm\": \"EC\",\n      \"keyBits\": 256,")
                .contains("\"names\": [\n        \"DNS:localhost\",\n        \"IP:127.0.0.1\"\n      ]")
                .contains("\"backend\": \"fake-for-tests\"")
                .contains("\"pathEnd\": \"anchor\"")
                .contains("\"pathEnd\": \"unknown-issuer\"")
                .contains("\"hostName\": {\n    \"name\": \"localhost\",\n    \"matches\": true,\n"
                        + "    \"message\": null\n  }")
                .contains("\"verdict\": \"trusted\"")
                .contains("\"problems\": []")
                .endsWith("\"exitCode\": 0\n}\n");
    }

    @Test
    void aFailedConnectionIsExitThreeWithTheErrorInBothForms() {
        CheckReport report = CheckReport.couldNotConnect(TARGET, DIRECT, "could not connect to localhost:8443: "
                + "Connection refused", "linux");

        assertThat(report.exitCode()).isEqualTo(3);
        assertThat(text(report)).contains("verdict: could not connect")
                .contains("error:   could not connect to localhost:8443: Connection refused");
        assertThat(JsonReport.render(report)).contains("\"connectError\": \"could not connect to localhost:8443: "
                + "Connection refused\"").contains("\"handshake\": null").contains("\"chain\": []")
                .contains("\"systemTrust\": null").contains("\"verdict\": \"could-not-connect\"")
                .contains("\"exitCode\": 3");
    }
}
