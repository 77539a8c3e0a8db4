package dev.systemtrust.it;

import static dev.systemtrust.it.harness.TlsScenario.assertConnected;
import static dev.systemtrust.it.harness.TlsScenario.assertHandshakeRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.clients.NettyHttpsClient;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.ClassLocations;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.TlsScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty 4.2 with {@code SslContextBuilder.forClient().trustManager(SystemTrust factory)}, with Netty's JDK
 * provider and its OpenSSL provider (netty-tcnative-boringssl-static, Linux x86_64), against nginx whose CA is
 * only in the OS store.
 */
class NettyTest {
    private static final Path NETTY = Path.of(System.getProperty("systemtrust.netty.classpath", "target/netty-4.2"));

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static DebianEtcSsl withCa;
    private static DebianEtcSsl withoutCa;
    private static String classPath;

    @BeforeAll
    static void startServer() throws IOException {
        scenario = TlsScenario.start(work, "SystemTrust Netty IT Root");
        withCa = scenario.etcSslWithCa("etc-ssl-with-ca");
        withoutCa = scenario.etcSslWithoutCa("etc-ssl-without-ca");
        List<Path> netty;
        try (Stream<Path> jars = Files.list(NETTY)) {
            netty = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        }
        assertThat(netty).as("copied by the dependency plugin into " + NETTY).hasSizeGreaterThanOrEqualTo(9);
        classPath = ClassLocations.path(Stream.of(Stream.of(ClassLocations.of(NettyHttpsClient.class)),
                ClassLocations.systemTrustForLinux(), netty.stream()).flatMap(paths -> paths));
    }

    @AfterAll
    static void stopServer() {
        if (scenario != null) {
            scenario.close();
        }
    }

    static Stream<Arguments> jdksAndProviders() {
        return Jdks.homes().stream().flatMap(jdk -> Stream.of(Arguments.of(jdk, "jdk"), Arguments.of(jdk, "openssl")));
    }

    private static ChildProcess.Result client(Path jdk, DebianEtcSsl etcSsl, String provider) {
        ChildProcess.Result result = ChildJvm.on(jdk).classPath(classPath).inside(etcSsl.namespace())
                .runMain(NettyHttpsClient.class.getName(), provider, scenario.url());
        String engine = result.stderr().lines().filter(line -> line.startsWith("ENGINE ")).findFirst().orElse("");
        if (provider.equals("openssl")) {
            assertThat(engine).as(result.describe()).contains("OpenSsl");
        } else {
            assertThat(engine).as(result.describe()).startsWith("ENGINE ").doesNotContain("OpenSsl");
        }
        return result;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndProviders")
    void theSystemTrustFactoryTrustsTheOsStoreForNetty(Path jdk, String provider) {
        assertConnected(client(jdk, withCa, provider));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndProviders")
    void aCaMissingFromTheOsStoreFailsTheHandshake(Path jdk, String provider) {
        assertHandshakeRejected(client(jdk, withoutCa, provider));
    }
}
