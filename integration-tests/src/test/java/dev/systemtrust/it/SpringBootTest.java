package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.Nginx;
import dev.systemtrust.it.harness.TlsScenario;
import dev.systemtrust.it.spring.SpringHttpsApplication;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Spring Boot 3.5.7 application ({@link SpringHttpsApplication}: auto-configured {@code RestClient} on
 * Apache HttpClient 5 and {@code WebClient} on Reactor Netty) calling nginx whose CA is only in the OS store: once
 * through the "systemtrust" SSL bundle of {@code systemtrust-spring-boot}, once with nothing of SystemTrust on
 * its class path but {@code -javaagent:systemtrust-agent.jar}.
 */
class SpringBootTest {
    private static final Path AGENT_JAR = Path.of(System.getProperty("systemtrust.agent.jar",
            "../agent/target/systemtrust-agent.jar")).toAbsolutePath().normalize();

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static DebianEtcSsl withCa;
    private static DebianEtcSsl withoutCa;
    private static String withoutSystemTrust;

    @BeforeAll
    static void startServer() throws IOException {
        scenario = TlsScenario.start(work, "SystemTrust Spring IT Root");
        withCa = scenario.etcSslWithCa("etc-ssl-with-ca");
        withoutCa = scenario.etcSslWithoutCa("etc-ssl-without-ca");
        withoutSystemTrust = applicationWithoutSystemTrust();
    }

    /** The application's own class and the libraries of the test class path, minus SystemTrust, bcprov and JNA. */
    private static String applicationWithoutSystemTrust() throws IOException {
        String resource = SpringHttpsApplication.class.getName().replace('.', '/') + ".class";
        Path classes = work.resolve("app-classes");
        Files.createDirectories(classes.resolve(resource).getParent());
        try (InputStream in = SpringHttpsApplication.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, classes.resolve(resource));
        }
        List<String> entries = new ArrayList<>(List.of(classes.toString()));
        for (String entry : ChildJvm.testClassPath().split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && !entry.contains("/target/") && Stream.of("/dev/systemtrust/",
                    "/org/bouncycastle/", "/net/java/dev/jna/").noneMatch(entry::contains)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
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
        return jvm.inside(etcSsl.namespace()).runMain(SpringHttpsApplication.class.getName(), mode, scenario.url());
    }

    private static void assertBothClientsConnected(ChildProcess.Result result) {
        assertThat(result.stdout()).as(result.describe()).contains("RESTCLIENT OK " + Nginx.BODY)
                .contains("WEBCLIENT OK " + Nginx.BODY);
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    private static void assertBothClientsRejected(ChildProcess.Result result) {
        assertThat(result.stdout().lines()).as(result.describe()).hasSize(2).allSatisfy(line -> assertThat(line)
                .containsPattern("^(REST|WEB)CLIENT FAIL ").contains("SSLHandshakeException"));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theSystemTrustBundleMakesRestClientAndWebClientTrustTheOsStore(Path jdk) {
        assertBothClientsConnected(application(ChildJvm.on(jdk), withCa, "bundle"));
    }

    @Test
    void theBundleDoesNotTrustACaMissingFromTheOsStore() {
        assertBothClientsRejected(application(ChildJvm.on(Jdks.homes().get(0)), withoutCa, "bundle"));
    }

    @Test
    void theAgentAloneMakesAnUnchangedSpringApplicationTrustTheOsStore() {
        assertBothClientsConnected(application(ChildJvm.on(Jdks.homes().get(0)).classPath(withoutSystemTrust)
                .option("-javaagent:" + AGENT_JAR), withCa, "default"));
    }

    @Test
    void withoutTheAgentTheSameApplicationDoesNotTrustTheOsStore() {
        assertBothClientsRejected(application(ChildJvm.on(Jdks.homes().get(0)).classPath(withoutSystemTrust), withCa,
                "default"));
    }
}
