package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.ClassLocations;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.Nginx;
import dev.systemtrust.it.harness.TlsScenario;
import dev.systemtrust.it.spring.SpringBundleOnlyApplication;
import dev.systemtrust.it.spring.SpringHttpsApplication;
import dev.systemtrust.spring.SystemTrustSslBundle;
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
 * its class path but {@code -javaagent:systemtrust-agent.jar}. And the same bundle module on Spring Boot 4.0.7's
 * class path ({@link SpringBundleOnlyApplication}: the bundle from {@code SslBundles}, a {@code RestClient}).
 */
class SpringBootTest {
    private static final Path AGENT_JAR = Path.of(System.getProperty("systemtrust.agent.jar",
            "../agent/target/systemtrust-agent.jar")).toAbsolutePath().normalize();
    private static final Path SPRING_BOOT_4 = Path.of(System.getProperty("systemtrust.spring-boot-4.classpath",
            "target/spring-boot-4"));

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static DebianEtcSsl withCa;
    private static DebianEtcSsl withoutCa;
    private static String withoutSystemTrust;
    private static String springBoot4;

    @BeforeAll
    static void startServer() throws IOException {
        scenario = TlsScenario.start(work, "SystemTrust Spring IT Root");
        withCa = scenario.etcSslWithCa("etc-ssl-with-ca");
        withoutCa = scenario.etcSslWithoutCa("etc-ssl-without-ca");
        withoutSystemTrust = applicationWithoutSystemTrust();
        springBoot4 = springBoot4Application();
    }

    /** A directory holding only {@code application}'s class file. */
    private static Path classesOf(Class<?> application) throws IOException {
        String resource = application.getName().replace('.', '/') + ".class";
        Path classes = work.resolve("classes-" + application.getSimpleName());
        Files.createDirectories(classes.resolve(resource).getParent());
        try (InputStream in = application.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, classes.resolve(resource));
        }
        return classes;
    }

    /** The application's own class and the libraries of the test class path, minus SystemTrust, bcprov and JNA. */
    private static String applicationWithoutSystemTrust() throws IOException {
        List<String> entries = new ArrayList<>(List.of(classesOf(SpringHttpsApplication.class).toString()));
        for (String entry : ChildJvm.testClassPath().split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && !entry.contains("/target/") && Stream.of("/dev/systemtrust/",
                    "/org/bouncycastle/", "/net/java/dev/jna/").noneMatch(entry::contains)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Spring Boot 4.0.7's own class path (copied by the dependency plugin), the bundle module and SystemTrust. */
    private static String springBoot4Application() throws IOException {
        List<Path> boot4;
        try (Stream<Path> jars = Files.list(SPRING_BOOT_4)) {
            boot4 = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(boot4).as("copied by the dependency plugin into " + SPRING_BOOT_4)
                .anyMatch(jar -> jar.getFileName().toString().equals("spring-boot-4.0.7.jar"));
        return ClassLocations.path(Stream.of(Stream.of(classesOf(SpringBundleOnlyApplication.class),
                ClassLocations.of(SystemTrustSslBundle.class)), ClassLocations.systemTrustForLinux(), boot4.stream())
                .flatMap(paths -> paths));
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

    @Test
    void onSpringBoot4TheBundleIsRegisteredAndARestClientTrustsTheOsStore() {
        ChildProcess.Result trusted = ChildJvm.on(Jdks.homes().get(0)).classPath(springBoot4).inside(withCa.namespace())
                .runMain(SpringBundleOnlyApplication.class.getName(), scenario.url());
        ChildProcess.Result untrusted = ChildJvm.on(Jdks.homes().get(0)).classPath(springBoot4)
                .inside(withoutCa.namespace()).runMain(SpringBundleOnlyApplication.class.getName(), scenario.url());

        assertThat(trusted.stderr()).as(trusted.describe()).contains("BOOT 4.0.7");
        assertThat(trusted.stdout()).as(trusted.describe()).startsWith("RESTCLIENT OK " + Nginx.BODY);
        assertThat(trusted.exitCode()).as(trusted.describe()).isZero();
        assertThat(untrusted.stdout()).as(untrusted.describe()).startsWith("RESTCLIENT FAIL ")
                .contains("SSLHandshakeException");
        assertThat(untrusted.exitCode()).as(untrusted.describe()).isEqualTo(3);
    }
}
