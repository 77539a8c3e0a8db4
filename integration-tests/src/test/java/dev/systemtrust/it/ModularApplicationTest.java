package dev.systemtrust.it;

import static dev.systemtrust.it.harness.TlsScenario.assertConnected;
import static dev.systemtrust.it.harness.TlsScenario.assertHandshakeRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.ClassLocations;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.SecurityProperties;
import dev.systemtrust.it.harness.TlsScenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SystemTrust as Java modules: a tiny modular application ({@code src/test/modular-app}, module
 * {@code systemtrust.it.app}, requiring only {@code dev.systemtrust}) run with {@code java --module-path ...
 * --module} and from a {@code jlink}ed runtime image, doing HTTPS against nginx whose CA is only in the OS store.
 */
class ModularApplicationTest {
    private static final String MAIN = "systemtrust.it.app/dev.systemtrust.it.app.ModularHttpsClient";
    private static final Path APP_SOURCES = Path.of("src/test/modular-app").toAbsolutePath();

    @TempDir
    static Path work;
    private static TlsScenario scenario;
    private static DebianEtcSsl withCa;
    private static DebianEtcSsl withoutCa;
    private static Path appModule;

    @BeforeAll
    static void startServerAndCompileTheApplication() throws IOException {
        scenario = TlsScenario.start(work, "SystemTrust Modules IT Root");
        withCa = scenario.etcSslWithCa("etc-ssl-with-ca");
        withoutCa = scenario.etcSslWithoutCa("etc-ssl-without-ca");
        appModule = work.resolve("app-module");
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-d", appModule.toString(),
                "--module-path", ClassLocations.of(SystemTrustProvider.class).toString()));
        try (Stream<Path> files = Files.walk(APP_SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
        }
        int exit = ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new));
        assertThat(exit).as("javac " + arguments).isZero();
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

    /** The provider, every backend, JNA and bcprov, as a user shipping all of them would have them. */
    private static String fullModulePath() {
        return ClassLocations.path(Stream.concat(Stream.of(appModule), Stream.concat(ClassLocations.systemTrustForLinux(),
                Stream.of(ClassLocations.of(dev.systemtrust.macos.MacosBackend.class),
                        ClassLocations.of(dev.systemtrust.windows.WindowsBackend.class),
                        ClassLocations.of(com.sun.jna.Native.class)))));
    }

    private static ChildProcess.Result run(ChildJvm jvm, String modulePath, DebianEtcSsl etcSsl, String mode) {
        ChildProcess.Result result = jvm.inside(etcSsl.namespace()).runModule(modulePath, MAIN, mode, scenario.url());
        assertThat(result.stderr()).as(result.describe()).contains("MODULES systemtrust.it.app dev.systemtrust");
        return result;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void onTheModulePathTheSystemTrustTrustManagerFactoryTrustsTheOsStore(Path jdk) {
        assertConnected(run(ChildJvm.on(jdk), fullModulePath(), withCa, "api"));
        assertHandshakeRejected(run(ChildJvm.on(jdk), fullModulePath(), withoutCa, "api"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void onTheModulePathSecurityPropertiesFindTheProviderByName(Path jdk) {
        Path properties = SecurityProperties.appendingProvider(work.resolve("module-path-" + jdk.getFileName()), jdk,
                "SystemTrust");
        ChildJvm jvm = ChildJvm.on(jdk).property("java.security.properties", properties.toString())
                .property("javax.net.ssl.trustStoreType", "SystemTrust");

        assertConnected(run(jvm, fullModulePath(), withCa, "default"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aJlinkedImageHoldingOnlyTheModulesItNeedsTrustsTheOsStore(Path jdk) {
        Path image = jlink(jdk, "--ignore-signing-information");

        assertThat(modulesOf(image)).contains("dev.systemtrust", "dev.systemtrust.linux", "org.bouncycastle.provider",
                "systemtrust.it.app").doesNotContain("com.sun.jna", "dev.systemtrust.macos");
        assertConnected(run(ChildJvm.on(image), null, withCa, "api"));
        assertHandshakeRejected(run(ChildJvm.on(image), null, withoutCa, "api"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void jlinkRefusesBouncyCastlesSignedJarUnlessToldToDropTheSignature(Path jdk) {
        ChildProcess.Result refused = jlinkCommand(jdk, work.resolve("refused-" + jdk.getFileName()));

        assertThat(refused.exitCode()).as(refused.describe()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).as(refused.describe()).contains("signed");
    }

    private static Path jlink(Path jdk, String... options) {
        Path image = work.resolve("image-" + jdk.getFileName());
        ChildProcess.Result result = jlinkCommand(jdk, image, options);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return image;
    }

    private static ChildProcess.Result jlinkCommand(Path jdk, Path image, String... options) {
        List<String> modules = new ArrayList<>(List.of("systemtrust.it.app", "dev.systemtrust.linux"));
        if (Jdks.featureVersion(jdk) < 22) {
            modules.add("jdk.crypto.ec"); // ECDHE for TLS; part of java.base from JDK 22 on
        }
        List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/jlink").toString(), "--module-path",
                ClassLocations.path(Stream.concat(Stream.of(appModule), ClassLocations.systemTrustForLinux())),
                "--add-modules", String.join(",", modules), "--no-header-files", "--no-man-pages",
                "--output", image.toString()));
        command.addAll(List.of(options));
        return ChildProcess.run(command, Map.of("PATH", "/usr/bin:/bin"), work);
    }

    private static String modulesOf(Path image) {
        try {
            return Files.readString(image.resolve("release"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
