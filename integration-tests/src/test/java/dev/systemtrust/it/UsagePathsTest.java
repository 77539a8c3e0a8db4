package dev.systemtrust.it;

import static dev.systemtrust.it.harness.TlsScenario.assertConnected;
import static dev.systemtrust.it.harness.TlsScenario.assertRejected;

import dev.systemtrust.it.clients.HttpsClient;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.SecurityProperties;
import dev.systemtrust.it.harness.TlsScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three ways to use SystemTrust, each proven with real clients in child JVMs against a real nginx whose CA is
 * known only to the OS store presented in a private mount namespace (a Debian /etc/ssl with the CA added).
 */
class UsagePathsTest {
    private static final List<String> DEFAULT_CONTEXT_CLIENTS = List.of("urlconnection", "httpclient", "okhttp", "apache");

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static DebianEtcSsl withCa;
    private static DebianEtcSsl withoutCa;

    @BeforeAll
    static void startServer() {
        scenario = TlsScenario.start(work, "SystemTrust IT Root");
        withCa = scenario.etcSslWithCa("etc-ssl-with-ca");
        withoutCa = scenario.etcSslWithoutCa("etc-ssl-without-ca");
    }

    @AfterAll
    static void stopServer() {
        if (scenario != null) {
            scenario.close();
        }
    }

    static Stream<Arguments> jdksAndDefaultContextClients() {
        return Jdks.homes().stream().flatMap(jdk -> DEFAULT_CONTEXT_CLIENTS.stream().map(c -> Arguments.of(jdk, c)));
    }

    static Stream<Path> jdks() {
        return Jdks.homes().stream();
    }

    private static ChildJvm registeredByName(Path jdk) {
        return ChildJvm.on(jdk).property("java.security.properties",
                SecurityProperties.appendingProvider(work.resolve("security"), jdk, "SystemTrust").toString());
    }

    private static ChildProcess.Result client(ChildJvm jvm, DebianEtcSsl etcSsl, String mode) {
        return jvm.inside(etcSsl.namespace()).runMain(HttpsClient.class.getName(), mode, scenario.url());
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("jdksAndDefaultContextClients")
    void providerListByNameAndTrustStoreTypeMakeEveryDefaultClientTrustTheOsStore(Path jdk, String client) {
        ChildJvm jvm = registeredByName(jdk).property("javax.net.ssl.trustStoreType", "SystemTrust");

        assertConnected(client(jvm, withCa, client));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("jdksAndDefaultContextClients")
    void aCaMissingFromTheOsStoreIsRejectedByEveryDefaultClient(Path jdk, String client) {
        ChildJvm jvm = registeredByName(jdk).property("javax.net.ssl.trustStoreType", "SystemTrust");

        assertRejected(client(jvm, withoutCa, client));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutSystemTrustTheJdkDoesNotKnowTheTestCa(Path jdk) {
        assertRejected(client(ChildJvm.on(jdk), withCa, "urlconnection"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void providerListByClassNameWorksToo(Path jdk) {
        ChildJvm jvm = ChildJvm.on(jdk)
                .property("java.security.properties", SecurityProperties.appendingProvider(work.resolve("by-class"),
                        jdk, "dev.systemtrust.SystemTrustProvider").toString())
                .property("javax.net.ssl.trustStoreType", "SystemTrust");

        assertConnected(client(jvm, withCa, "httpclient"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void trustStoreNoneMeansTheJdkPassesNoStreamAndSystemTrustStillLoads(Path jdk) {
        ChildJvm jvm = registeredByName(jdk).property("javax.net.ssl.trustStoreType", "SystemTrust")
                .property("javax.net.ssl.trustStore", "NONE");

        assertConnected(client(jvm, withCa, "urlconnection"));
        assertConnected(client(registeredByName(jdk).property("javax.net.ssl.trustStoreType", "SystemTrust")
                .property("javax.net.ssl.trustStore", "NONE"), withCa, "httpclient"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void providerListMakesTheKeyStoreAvailableByName(Path jdk) {
        assertConnected(client(registeredByName(jdk), withCa, "keystore-by-name"));
        assertRejected(client(registeredByName(jdk), withoutCa, "keystore-by-name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void programmaticUseNeedsNoJvmConfiguration(Path jdk) {
        assertConnected(client(ChildJvm.on(jdk), withCa, "programmatic"));
        assertRejected(client(ChildJvm.on(jdk), withoutCa, "programmatic"));
    }

    @Test
    void sslCertFileEnvironmentVariableIsTheOsStoreWhenSet() throws Exception {
        Path bundle = Files.writeString(work.resolve("env-bundle.pem"), scenario.pki().ca().pem());
        Path jdk = Jdks.homes().get(0);

        assertConnected(ChildJvm.on(jdk).env("SSL_CERT_FILE", bundle.toString())
                .runMain(HttpsClient.class.getName(), "programmatic", scenario.url("127.0.0.1")));
        Path otherCa = Files.writeString(work.resolve("env-other-ca.pem"),
                dev.systemtrust.testing.TestCertificates.selfSignedCa("Unrelated Root").pem());
        assertRejected(ChildJvm.on(jdk).env("SSL_CERT_FILE", otherCa.toString())
                .runMain(HttpsClient.class.getName(), "programmatic", scenario.url("127.0.0.1")));
    }
}
