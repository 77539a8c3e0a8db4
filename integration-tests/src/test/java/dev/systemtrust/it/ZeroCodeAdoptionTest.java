package dev.systemtrust.it;

import static dev.systemtrust.it.harness.TlsScenario.assertConnected;
import static dev.systemtrust.it.harness.TlsScenario.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.clients.PlainHttpsClient;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.OpenSsl;
import dev.systemtrust.it.harness.SecurityProperties;
import dev.systemtrust.it.harness.TestPki;
import dev.systemtrust.it.harness.TlsScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Switching an unmodified application to OS trust: the all-in-one agent jar, the SystemTrust TrustManagerFactory
 * through security properties, and the opt-in union with the JDK's cacerts. The application's class path holds
 * only its own classes.
 */
class ZeroCodeAdoptionTest {
    private static final Path AGENT_JAR = Path.of(System.getProperty("systemtrust.agent.jar",
            "../agent/target/systemtrust-agent.jar")).toAbsolutePath().normalize();

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static TestPki pki;
    private static DebianEtcSsl withCa;
    private static DebianEtcSsl withoutCa;
    private static String applicationClassPath;

    @BeforeAll
    static void startServer() throws Exception {
        assertThat(AGENT_JAR).as("built by the agent module").isRegularFile();
        scenario = TlsScenario.start(work, "SystemTrust Agent IT Root");
        pki = scenario.pki();
        withCa = scenario.etcSslWithCa("etc-ssl-with-ca");
        withoutCa = scenario.etcSslWithoutCa("etc-ssl-without-ca");
        // Only the application's own class, copied where nothing of SystemTrust lives.
        String resource = PlainHttpsClient.class.getName().replace('.', '/') + ".class";
        Path classes = work.resolve("app-classes");
        Path target = classes.resolve(resource);
        Files.createDirectories(target.getParent());
        try (var in = PlainHttpsClient.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
        applicationClassPath = classes.toString();
    }

    @AfterAll
    static void stopServer() {
        if (scenario != null) {
            scenario.close();
        }
    }

    static Stream<Path> jdks() {
        return Jdks.homes().stream();
    }

    private static ChildProcess.Result application(ChildJvm jvm, DebianEtcSsl etcSsl, String mode) {
        return jvm.classPath(applicationClassPath).inside(etcSsl.namespace())
                .runMain(PlainHttpsClient.class.getName(), mode, scenario.url());
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentAloneMakesAnUnmodifiedApplicationTrustTheOsStore(Path jdk) {
        for (String mode : List.of("urlconnection", "httpclient")) {
            assertConnected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR), withCa, mode));
            assertRejected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR), withoutCa, mode));
            assertRejected(application(ChildJvm.on(jdk), withCa, mode));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theAgentWithVerifyOsUsesTheSystemTrustTrustManagerFactory(Path jdk) {
        assertConnected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR + "=verify=os"), withCa,
                "httpclient"));
        assertRejected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR + "=verify=os"), withoutCa,
                "httpclient"));
    }

    @Test
    void theAgentLeavesATrustStoreTheUserChoseAlone() throws Exception {
        Path userStore = work.resolve("user-truststore.p12");
        KeyStore jdkOnly = DebianEtcSsl.hostJavaCacerts();
        try (var out = Files.newOutputStream(userStore)) {
            jdkOnly.store(out, "changeit".toCharArray());
        }

        ChildProcess.Result result = application(ChildJvm.on(Jdks.homes().get(0)).option("-javaagent:" + AGENT_JAR)
                .property("javax.net.ssl.trustStore", userStore.toString())
                .property("javax.net.ssl.trustStorePassword", "changeit"), withCa, "urlconnection");

        assertRejected(result);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void securityPropertiesMakeSystemTrustTheDefaultTrustManagerFactory(Path jdk) {
        Path properties = SecurityProperties.appendingProvider(work.resolve("tmf-" + jdk.getFileName()), jdk,
                "SystemTrust", "ssl.TrustManagerFactory.algorithm=SystemTrust");
        ChildJvm jvm = ChildJvm.on(jdk).property("java.security.properties", properties.toString());

        assertConnected(jvm.classPath(AGENT_JAR + java.io.File.pathSeparator + applicationClassPath)
                .inside(withCa.namespace())
                .runMain(PlainHttpsClient.class.getName(), "httpclient", scenario.url()));
        assertRejected(ChildJvm.on(jdk).property("java.security.properties", properties.toString())
                .classPath(AGENT_JAR + java.io.File.pathSeparator + applicationClassPath).inside(withoutCa.namespace())
                .runMain(PlainHttpsClient.class.getName(), "httpclient", scenario.url()));
    }

    @Test
    void theCacertsUnionAddsJdkRootsButNeverOneTheOsDistrusts() throws Exception {
        KeyStore cacertsWithCa = DebianEtcSsl.hostJavaCacerts();
        cacertsWithCa.setCertificateEntry("systemtrust-it-ca", pki.ca().certificate());
        DebianEtcSsl caOnlyInJdk = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl-union"), "")
                .withJavaCacerts(cacertsWithCa);
        DebianEtcSsl caInJdkButOsRejects = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl-union-rejected"), "")
                .withJavaCacerts(cacertsWithCa)
                .withCertsFile("blocked.pem", OpenSsl.trustedCertificate(pki.caPem(), List.of(), List.of("serverAuth")));
        Path jdk = Jdks.homes().get(0);

        assertConnected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR)
                .property("systemtrust.includeJdkCacerts", "true"), caOnlyInJdk, "urlconnection"));
        assertRejected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR), caOnlyInJdk, "urlconnection"));
        assertRejected(application(ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR)
                .property("systemtrust.includeJdkCacerts", "true"), caInJdkButOsRejects, "urlconnection"));
    }

    @Test
    void theAgentJarIsTheRunnableCli() {
        ChildProcess.Result explain = ChildJvm.on(Jdks.homes().get(0)).inside(withCa.namespace())
                .runJar(AGENT_JAR, "list");

        assertThat(explain.exitCode()).as(explain.describe()).isZero();
        assertThat(explain.stdout()).contains("systemtrust-agent-it-root-");
    }
}
