package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.harness.CertificateRecipe;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.Nginx;
import dev.systemtrust.it.harness.OpenSsl;
import dev.systemtrust.it.harness.PrivateMountNamespace;
import dev.systemtrust.it.harness.TinyProxy;
import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemtrust check} (the runnable CLI jar) against real nginx servers on loopback, one per verdict, with
 * the OS store a Debian {@code /etc/ssl} in a private mount namespace: the host's CAs plus a root only the OS
 * trusts, a CA the OS lists without trusting it (path building only), and a CA the bundle rejects for TLS servers
 * as an OpenSSL {@code TRUSTED CERTIFICATE}. Proxied checks go through a real tinyproxy.
 */
class ServerCheckTest {
    private static final Path CLI_JAR = Path.of(System.getProperty("systemtrust.cli.jar",
            "../cli/target/systemtrust-cli.jar"));
    private static final String OS_ROOT = "CN=Check OS-only Root,O=SystemTrust Tests";

    @TempDir
    static Path work;
    private static String hostBefore;
    private static final List<AutoCloseable> RUNNING = new ArrayList<>();
    private static DebianEtcSsl etcSsl;
    private static TestCertificates.Issued osRoot;
    private static Path trustedLeaf;
    private static Nginx trusted;
    private static Nginx expired;
    private static Nginx notYetValid;
    private static Nginx otherName;
    private static Nginx leafOnly;
    private static Nginx leafOnlyUnderExpired;
    private static Nginx throughDistrusted;
    private static Nginx weak;
    private static Nginx unknownIssuer;
    private static Nginx selfSigned;
    private static TinyProxy proxy;

    @BeforeAll
    static void startServers() {
        PrivateMountNamespace.requireAvailable();
        hostBefore = DebianEtcSsl.hostFingerprint();
        osRoot = CertificateRecipe.ca("Check OS-only Root").issue();
        TestCertificates.Issued issuing = CertificateRecipe.ca("Check Issuing CA").issuedBy(osRoot).issue();
        TestCertificates.Issued listedByOs = CertificateRecipe.ca("Check CA The OS Lists").issuedBy(osRoot).issue();
        TestCertificates.Issued distrusted = CertificateRecipe.ca("Check Distrusted CA").issuedBy(osRoot).issue();
        Instant now = Instant.now();
        TestCertificates.Issued expiredListedByOs = CertificateRecipe.ca("Check Expired CA The OS Lists")
                .issuedBy(osRoot).valid(now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(2))).issue();
        TestCertificates.Issued rsaRoot = CertificateRecipe.ca("Check RSA Root").rsa(2048).issue();
        TestCertificates.Issued md5Signed = CertificateRecipe.ca("Check MD5-signed CA").rsa(2048).issuedBy(rsaRoot)
                .signedWith("MD5withRSA").issue();
        TestCertificates.Issued unknownRoot = CertificateRecipe.ca("Check Unknown Root").issue();
        TestCertificates.Issued unknownIssuing = CertificateRecipe.ca("Check Unknown Issuing CA")
                .issuedBy(unknownRoot).issue();
        String rejected = OpenSsl.trustedCertificate(OpenSsl.write(work.resolve("distrusted-ca.pem"),
                distrusted.pem()), List.of(), List.of("serverAuth"));
        etcSsl = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl"),
                osRoot.pem() + rsaRoot.pem() + listedByOs.pem() + expiredListedByOs.pem() + rejected);

        TestCertificates.Issued leaf = CertificateRecipe.server("localhost", "127.0.0.1").issuedBy(issuing).issue();
        trustedLeaf = OpenSsl.write(work.resolve("trusted-leaf.pem"), leaf.pem());
        trusted = serve("trusted", leaf, List.of(issuing), List.of());
        expired = serve("expired", CertificateRecipe.server("localhost").issuedBy(issuing)
                .valid(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))).issue(), List.of(issuing),
                List.of());
        notYetValid = serve("not-yet-valid", CertificateRecipe.server("localhost").issuedBy(issuing)
                .valid(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).issue(), List.of(issuing),
                List.of());
        otherName = serve("other-name", CertificateRecipe.server("www.example.test").issuedBy(issuing).issue(),
                List.of(issuing), List.of());
        leafOnly = serve("leaf-only", CertificateRecipe.server("localhost").issuedBy(listedByOs).issue(), List.of(),
                List.of());
        // Issued while its CA was valid: only the CA the server leaves out has expired since.
        leafOnlyUnderExpired = serve("leaf-only-under-expired", CertificateRecipe.server("localhost")
                .issuedBy(expiredListedByOs).valid(now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)))
                .issue(), List.of(), List.of());
        throughDistrusted = serve("through-distrusted", CertificateRecipe.server("localhost").issuedBy(distrusted)
                .issue(), List.of(distrusted), List.of());
        // OpenSSL's default security level would refuse to serve an MD5-signed chain at all.
        weak = serve("weak", CertificateRecipe.server("localhost").issuedBy(md5Signed).issue(), List.of(md5Signed),
                List.of("ssl_ciphers DEFAULT:@SECLEVEL=0;"));
        unknownIssuer = serve("unknown-issuer", CertificateRecipe.server("localhost").issuedBy(unknownIssuing)
                .issue(), List.of(unknownIssuing), List.of());
        selfSigned = serve("self-signed", CertificateRecipe.server("localhost").issue(), List.of(), List.of());
        proxy = TinyProxy.start(work, trusted.port());
        RUNNING.add(proxy);
    }

    private static Nginx serve(String name, TestCertificates.Issued leaf, List<TestCertificates.Issued> sent,
            List<String> directives) {
        StringBuilder chain = new StringBuilder(leaf.pem());
        sent.forEach(certificate -> chain.append(certificate.pem()));
        Path directory = work.resolve(name);
        try {
            Files.createDirectories(directory);
            Path chainFile = Files.writeString(directory.resolve("chain.pem"), chain);
            Path keyFile = Files.writeString(directory.resolve("key.pem"), TestCertificates.privateKeyPem(leaf.keys()));
            Nginx nginx = Nginx.start(directory, chainFile, keyFile, directives);
            RUNNING.add(nginx);
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (AutoCloseable server : RUNNING) {
            server.close();
        }
        if (hostBefore != null) {
            assertThat(DebianEtcSsl.hostFingerprint()).as("the host's /etc/ssl is untouched").isEqualTo(hostBefore);
        }
    }

    private static ChildJvm cli(Path jdk) {
        return ChildJvm.on(jdk).inside(etcSsl.namespace());
    }

    private static ChildProcess.Result check(String... arguments) {
        return check(cli(Jdks.homes().get(0)), arguments);
    }

    private static ChildProcess.Result check(ChildJvm jvm, String... arguments) {
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(arguments));
        return jvm.runJar(CLI_JAR, all.toArray(String[]::new));
    }

    private static String osRootAlias() {
        CRC32 crc = new CRC32();
        try {
            crc.update(osRoot.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return "check-os-only-root-" + String.format("%08x", crc.getValue());
    }

    private static void assertVerdict(ChildProcess.Result result, int exitCode, String verdict) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        assertThat(result.stdout()).as(result.describe()).contains("\nverdict: " + verdict + "\n");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int tunnelsTo(Nginx server) {
        Matcher requests = Pattern.compile("CONNECT localhost:" + server.port() + " HTTP/1.1").matcher(proxy.log());
        int count = 0;
        while (requests.find()) {
            count++;
        }
        return count;
    }

    @Test
    void aRootOnlyTheOsTrustsIsTrustedBySystemTrustAndTheFixIsTheAgent() {
        for (Path jdk : Jdks.homes()) {
            ChildProcess.Result result = check(cli(jdk), trusted.url("localhost"));

            assertVerdict(result, 0, "trusted by SystemTrust");
            assertThat(result.stdout()).as(result.describe())
                    .contains("server:     localhost:" + trusted.port() + ", direct (no proxy set")
                    .contains("served chain (2 certificates, the server's own first):\n  [0] CN=localhost\n"
                            + "      issuer:   CN=Check Issuing CA,O=SystemTrust Tests\n")
                    .contains("      names:    DNS:localhost, IP:127.0.0.1\n"
                            + "      sha256:   " + OpenSsl.sha256(trustedLeaf) + "\n")
                    .contains("SystemTrust (OS store, backend linux): trusted\n"
                            + "  path: [0] CN=localhost\n     <- [1] CN=Check Issuing CA,O=SystemTrust Tests\n"
                            + "     <- anchor " + OS_ROOT + " (alias " + osRootAlias()
                            + ", /etc/ssl/certs/ca-certificates.crt)\n")
                    .containsPattern("JDK default trust store \\([^\n]*\\): NOT trusted: [^\n]*unable to find valid "
                            + "certification path to requested target\n")
                    .contains("  ends: issuer " + OS_ROOT + " is neither sent by the server nor in this store\n")
                    .contains("host name localhost: matches the certificate\n")
                    .contains("fix:     trusted by the OS but not by the JDK's default trust store: add "
                            + "-javaagent:systemtrust-agent.jar");
        }
    }

    @Test
    void jsonCarriesTheVerdictTheAnchorsAndTheServedFingerprints() {
        ChildProcess.Result result = check("--json", trusted.url("127.0.0.1"));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .startsWith("{\n  \"schema\": \"systemtrust-check/1\",\n  \"target\": {\n"
                        + "    \"host\": \"127.0.0.1\",\n    \"port\": " + trusted.port() + "\n  },")
                .contains("\"sha256\": \"" + OpenSsl.sha256(trustedLeaf) + "\"")
                .contains("\"alias\": \"" + osRootAlias() + "\",\n"
                        + "      \"source\": \"/etc/ssl/certs/ca-certificates.crt\"")
                .contains("\"hostName\": {\n    \"name\": \"127.0.0.1\",\n    \"matches\": true,")
                .contains("\"verdict\": \"trusted\"")
                .endsWith("\"exitCode\": 0\n}\n");
        assertThat(result.stdout().indexOf("\"jdk\": {")).isPositive();
        assertThat(result.stdout().substring(result.stdout().indexOf("\"jdk\": {")))
                .contains("\"trusted\": false").contains("\"pathEnd\": \"unknown-issuer\"")
                .contains("\"anchor\": null");
    }

    @Test
    void anExpiredCertificateIsNamedWithItsDate() {
        ChildProcess.Result result = check(expired.url("localhost"));

        assertVerdict(result, 1, "expired");
        assertThat(result.stdout()).containsPattern("  expired: CN=localhost expired on \\d{4}-\\d\\d-\\d\\dT")
                .contains("fix:     renew the server's certificate");
    }

    @Test
    void aCertificateNotYetValidPointsAtTheClock() {
        ChildProcess.Result result = check(notYetValid.url("localhost"));

        assertVerdict(result, 1, "not yet valid");
        assertThat(result.stdout()).containsPattern("  not-yet-valid: CN=localhost is valid only from \\d{4}-")
                .contains("fix:     check this machine's clock");
    }

    @Test
    void aCertificateForAnotherNameIsAHostNameMismatchByTheJdksOwnCheck() {
        ChildProcess.Result result = check(otherName.url("localhost"));

        assertVerdict(result, 1, "host-name mismatch");
        assertThat(result.stdout()).as(result.describe())
                .contains("SystemTrust (OS store, backend linux): trusted\n")
                .contains("host name localhost: does NOT match: No subject alternative DNS name matching localhost "
                        + "found.")
                .contains("fix:     connect with a name the certificate lists (DNS:www.example.test)");
    }

    @Test
    void aServerThatOmitsTheIntermediateTheOsListsIsTrustedAndToldToSendIt() {
        ChildProcess.Result result = check(leafOnly.url("localhost"));

        // The SystemTrust trust manager completes the path with the OS's intermediate, as curl does; other
        // clients cannot, so the server is still told to send it.
        assertVerdict(result, 0, "trusted by SystemTrust");
        assertThat(result.stdout()).as(result.describe())
                .contains("served chain (1 certificate, the server's own first)")
                .contains("     <- CN=Check CA The OS Lists,O=SystemTrust Tests (not sent by the server: from the "
                        + "store, /etc/ssl/certs/ca-certificates.crt)\n     <- anchor " + OS_ROOT)
                .contains("the server does not send its intermediate CN=Check CA The OS Lists,O=SystemTrust Tests: "
                        + "SystemTrust took it from the OS store (/etc/ssl/certs/ca-certificates.crt), but clients "
                        + "without it cannot build the path; configure the server to send the full chain");
    }

    @Test
    void aServerThatOmitsAnIntermediateTheOsListsOnlyExpiredIsAMissingIntermediate() {
        ChildProcess.Result result = check(leafOnlyUnderExpired.url("localhost"));

        assertVerdict(result, 1, "missing intermediate: the server does not send it");
        assertThat(result.stdout()).as(result.describe())
                .contains("the server does not send its intermediate CN=Check Expired CA The OS Lists,"
                        + "O=SystemTrust Tests; the OS lists a copy (/etc/ssl/certs/ca-certificates.crt), but the "
                        + "path through it is refused")
                .containsPattern("  expired: CN=Check Expired CA The OS Lists,O=SystemTrust Tests expired on \\d{4}-")
                .contains("fix:     configure the server to send its intermediate certificate");
    }

    @Test
    void aChainThroughAnIntermediateTheOsRejectsIsDistrusted() {
        ChildProcess.Result result = check(throughDistrusted.url("localhost"));

        assertVerdict(result, 1, "distrusted by the OS");
        assertThat(result.stdout()).as(result.describe())
                .contains("  distrusted-by-os: CN=Check Distrusted CA,O=SystemTrust Tests is distrusted by the OS: "
                        + "OpenSSL reject list contains serverAuth or anyExtendedKeyUsage "
                        + "(/etc/ssl/certs/ca-certificates.crt)")
                .contains("fix:     the OS distrusts a certificate of this chain");
    }

    @Test
    void anMd5SignedIntermediateIsAWeakAlgorithmTheJdkRefuses() {
        ChildProcess.Result result = check(weak.url("localhost"));

        assertVerdict(result, 1, "weak algorithm refused by the JDK");
        assertThat(result.stdout()).as(result.describe())
                .contains("      key:      RSA 2048 bits, signed with MD5withRSA\n")
                .contains("      weak:     MD5 signature\n")
                // Java 17: "... failed on signature algorithm: MD5withRSA"; Java 25: "... on disabled algorithm: MD5".
                .containsPattern("Algorithm constraints check failed on (signature|disabled) algorithm: MD5")
                .contains("fix:     the server needs a certificate chain signed with SHA-256 or stronger");
    }

    @Test
    void aRootNoStoreHoldsIsAnUnknownIssuerWithTheInstallCommand() {
        ChildProcess.Result result = check(unknownIssuer.url("localhost"));

        assertVerdict(result, 1, "unknown issuer");
        assertThat(result.stdout()).as(result.describe())
                .contains("  unknown-issuer: CN=Check Unknown Issuing CA,O=SystemTrust Tests was issued by "
                        + "CN=Check Unknown Root,O=SystemTrust Tests, which the server did not send and this machine "
                        + "does not trust")
                .contains("fix:     if CN=Check Unknown Root,O=SystemTrust Tests is your organisation's or your "
                        + "TLS-inspecting proxy's root CA, install it in the OS store (Debian/Ubuntu: copy it as a "
                        + ".crt file into /usr/local/share/ca-certificates/ and run update-ca-certificates");
    }

    @Test
    void aSelfSignedServerCertificateIsCalledSo() {
        ChildProcess.Result result = check(selfSigned.url("localhost"));

        assertVerdict(result, 1, "self-signed certificate");
        assertThat(result.stdout()).as(result.describe()).contains("  self-signed: the server's certificate "
                + "CN=localhost is self-signed (its own issuer) and not trusted by this machine");
    }

    @Test
    void aClosedPortIsExitThreeWithTheNetworkError() {
        int port = closedPort();

        ChildProcess.Result result = check("127.0.0.1:" + port);

        assertVerdict(result, 3, "could not connect");
        assertThat(result.stdout())
                .contains("error:   could not connect to 127.0.0.1:" + port + ": Connection refused");
    }

    @Test
    void httpsProxyFromTheEnvironmentCarriesTheCheckThroughConnect() {
        int before = tunnelsTo(trusted);

        ChildProcess.Result result = check(cli(Jdks.homes().get(0)).env("HTTPS_PROXY",
                "http://127.0.0.1:" + proxy.port()), trusted.url("localhost"));

        assertVerdict(result, 0, "trusted by SystemTrust");
        assertThat(result.stdout()).contains("through HTTP proxy 127.0.0.1:" + proxy.port() + " (HTTPS_PROXY)");
        assertThat(tunnelsTo(trusted)).as(proxy.log()).isEqualTo(before + 1);
    }

    @Test
    void theProxyOptionAndTheJvmsProxyPropertiesAreHonoured() {
        int before = tunnelsTo(trusted);

        ChildProcess.Result option = check("--proxy", "127.0.0.1:" + proxy.port(), trusted.url("localhost"));
        // The JDK never proxies loopback unless http.nonProxyHosts is set to nothing; check follows the JDK.
        ChildProcess.Result properties = check(cli(Jdks.homes().get(0)).property("https.proxyHost", "127.0.0.1")
                .property("https.proxyPort", String.valueOf(proxy.port())).property("http.nonProxyHosts", ""),
                trusted.url("localhost"));

        assertVerdict(option, 0, "trusted by SystemTrust");
        assertThat(option.stdout()).contains("through HTTP proxy 127.0.0.1:" + proxy.port() + " (--proxy)");
        assertVerdict(properties, 0, "trusted by SystemTrust");
        assertThat(properties.stdout()).contains("through HTTP proxy 127.0.0.1:" + proxy.port()
                + " (-Dhttps.proxyHost)");
        assertThat(tunnelsTo(trusted)).as(proxy.log()).isEqualTo(before + 2);
    }

    @Test
    void noProxyNamesHostsThatAreReachedDirectly() {
        String deadProxy = "http://127.0.0.1:" + closedPort();

        ChildProcess.Result bypassed = check(cli(Jdks.homes().get(0)).env("HTTPS_PROXY", deadProxy)
                .env("NO_PROXY", "example.com,localhost"), trusted.url("localhost"));
        ChildProcess.Result proxied = check(cli(Jdks.homes().get(0)).env("HTTPS_PROXY", deadProxy),
                trusted.url("localhost"));

        assertVerdict(bypassed, 0, "trusted by SystemTrust");
        assertThat(bypassed.stdout()).contains("direct (HTTPS_PROXY is set, but NO_PROXY matches localhost)");
        assertVerdict(proxied, 3, "could not connect");
        assertThat(proxied.stdout()).contains("error:   could not connect to the proxy " + deadProxy.substring(7)
                + ": Connection refused");
    }

    @Test
    void aProxyRefusingTheTunnelIsExitThreeWithItsAnswer() {
        ChildProcess.Result result = check("--proxy", "127.0.0.1:" + proxy.port(), expired.url("localhost"));

        assertVerdict(result, 3, "could not connect");
        assertThat(result.stdout()).as(result.describe()).contains("error:   the proxy 127.0.0.1:" + proxy.port()
                + " refused CONNECT localhost:" + expired.port() + ": HTTP/1.1 403 ");
    }

    @Test
    void explainSaysTheKeyStorePathCannotEnforceTheDistrustedIntermediate() {
        ChildProcess.Result result = cli(Jdks.homes().get(0)).runJar(CLI_JAR, "explain");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe())
                .containsPattern("DISTRUSTED\tCN=Check Distrusted CA,O=SystemTrust Tests\t")
                .contains("distrusted intermediates: 1 (DISTRUSTED above and not self-signed")
                .contains("NOT enforced: a plain KeyStore (-Djavax.net.ssl.trustStoreType=SystemTrust");
    }

    @Test
    void usageErrorsAreExitTwo() {
        ChildProcess.Result result = check("http://localhost/");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr()).contains("give an https:// URL or host[:port], not http://");
    }
}
