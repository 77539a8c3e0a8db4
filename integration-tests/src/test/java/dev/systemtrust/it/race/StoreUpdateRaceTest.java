package dev.systemtrust.it.race;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.it.clients.PrintAnchors;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.PrivateMountNamespace;
import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads racing updates of the OS store. A child JVM loads {@code KeyStore.getInstance("SystemTrust")} on eight
 * threads for a few seconds while a child process ({@link StoreSwapper}) switches the store between two versions
 * many times a second, each way the store is really updated. Every load must succeed and hold exactly version
 * A's anchors or exactly version B's: never an exception, an empty store, or a mix.
 *
 * <p>A is Debian's Mozilla roots plus one test CA; B lacks one Mozilla root and has two other test CAs, so B is
 * the bigger file and neither is a subset of the other: a torn read, a half-rebuilt directory or a bundle that was
 * skipped all show up as a set that is neither.
 */
class StoreUpdateRaceTest {
    private static final Path MOZILLA = Path.of("/usr/share/ca-certificates/mozilla");
    private static final int THREADS = 8;
    private static final int DIRECTORY_CAS = 40;
    private static final long LOAD_MILLIS = 3000;
    private static final Pattern SUMMARY = Pattern.compile("LOADS (\\d+) A (\\d+) B (\\d+) OTHER (\\d+) FAILED (\\d+)");

    @TempDir
    static Path work;
    private static Path store;

    @BeforeAll
    static void twoVersionsOfAStore() throws Exception {
        store = Files.createDirectories(work.resolve("store"));
        Map<String, X509Certificate> mozilla = new TreeMap<>();
        try (Stream<Path> files = Files.list(MOZILLA)) {
            for (Path file : files.sorted().toList()) {
                mozilla.put(file.getFileName().toString().replace(".crt", ""), parse(file));
            }
        }
        List<String> common = new ArrayList<>(mozilla.keySet());
        String droppedInB = common.remove(0);
        Map<String, X509Certificate> all = new TreeMap<>(mozilla);
        for (String name : List.of("race-a", "race-b1", "race-b2")) {
            all.put(name, TestCertificates.selfSignedCa("SystemTrust " + name).certificate());
        }
        for (Map.Entry<String, X509Certificate> entry : all.entrySet()) {
            Files.writeString(store.resolve(entry.getKey() + ".pem"), TestCertificates.pem(entry.getValue()));
        }
        List<String> versionA = new ArrayList<>(common);
        versionA.add(droppedInB);
        versionA.add("race-a");
        List<String> versionB = new ArrayList<>(common);
        versionB.addAll(List.of("race-b1", "race-b2"));
        writeVersion("a", versionA, all);
        writeVersion("b", versionB, all);
        // Directories are rebuilt link by link, some 0.5 ms each on a loaded VM: 40 CAs, as a site's own hashed
        // directory might hold, keep a rebuild within tens of milliseconds.
        List<String> directoryCommon = common.subList(0, DIRECTORY_CAS);
        List<String> directoryA = new ArrayList<>(directoryCommon);
        directoryA.addAll(List.of(droppedInB, "race-a"));
        List<String> directoryB = new ArrayList<>(directoryCommon);
        directoryB.addAll(List.of("race-b1", "race-b2"));
        writeVersion("dir-a", directoryA, all);
        writeVersion("dir-b", directoryB, all);
        writeVersion("dir-common", directoryCommon, all);
    }

    /** {@code <name>.pem} bundle, {@code <name>.sha256} fingerprints, {@code <name>.links} hashed-directory links. */
    private static void writeVersion(String name, List<String> cas, Map<String, X509Certificate> all)
            throws IOException {
        StringBuilder bundle = new StringBuilder();
        List<String> fingerprints = new ArrayList<>();
        Path template = Files.createDirectories(work.resolve("template-" + name));
        for (String ca : cas) {
            bundle.append(Files.readString(store.resolve(ca + ".pem")));
            fingerprints.add(AliasAssigner.sha256Hex(all.get(ca)));
            Files.createSymbolicLink(template.resolve(ca + ".pem"), store.resolve(ca + ".pem"));
        }
        Files.writeString(work.resolve(name + ".pem"), bundle);
        Files.write(work.resolve(name + ".sha256"), fingerprints);
        ChildProcess.Result rehash = ChildProcess.run(List.of("openssl", "rehash", template.toString()),
                Map.of("PATH", "/usr/bin:/bin"), work);
        assertThat(rehash.exitCode()).as(rehash.describe()).isZero();
        List<String> links = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(template)) {
            for (Path entry : entries) {
                links.add(entry.getFileName() + "\t" + Files.readSymbolicLink(entry));
            }
        }
        assertThat(links).as("a .pem link and a hash link per CA").hasSize(2 * cas.size());
        Files.write(work.resolve(name + ".links"), links);
    }

    private static X509Certificate parse(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void bundleReplacedByRenameWithABiggerAndASmallerOne() throws Exception {
        raceOverSslCertFile("rename").assertOnlyWholeVersions();
    }

    @Test
    void bundleTruncatedAndRewrittenInPlace() throws Exception {
        raceOverSslCertFile("rewrite").assertOnlyWholeVersions();
    }

    private static Outcome raceOverSslCertFile(String swapMode) throws Exception {
        Path bundle = Files.copy(work.resolve("a.pem"), work.resolve(swapMode + ".pem"));
        return race(List.of(swapMode, bundle.toString(), path("a.pem"), path("b.pem")),
                ChildJvm.on(javaHome()).env("SSL_CERT_FILE", bundle.toString()), "a", "b");
    }

    /** Only SSL_CERT_DIR: a half-rebuilt directory would be a partial store. */
    @Test
    void hashedDirectoryRebuiltLinkByLink() throws Exception {
        Path directory = linkedDirectory(work.resolve("rebuilt"), "dir-a.links");
        Outcome outcome = race(List.of("rebuild", directory.toString(), path("dir-a.links"), path("dir-b.links")),
                ChildJvm.on(javaHome()).env("SSL_CERT_DIR", directory.toString()), "dir-a", "dir-b");
        outcome.assertOnlyWholeVersions();
    }

    /**
     * Debian's layout at the real path, no variables: {@code /etc/ssl/certs} rebuilt as update-ca-certificates
     * --fresh does it (links removed and recreated) while its bundle is replaced by rename. The directory holds 40
     * CAs both versions share, so the bundle decides which version a load sees.
     */
    @Test
    void debianEtcSslUpdatedAtTheRealPath() throws Exception {
        PrivateMountNamespace.requireAvailable();
        Path etcSsl = work.resolve("etc-ssl");
        Path certs = linkedDirectory(etcSsl.resolve("certs"), "dir-common.links");
        Path bundle = Files.copy(work.resolve("a.pem"), certs.resolve("ca-certificates.crt"));
        Outcome outcome = race(List.of("debian", certs.toString(), path("dir-common.links"), path("dir-common.links"),
                bundle.toString(), path("a.pem"), path("b.pem")),
                ChildJvm.on(javaHome()).inside(new PrivateMountNamespace().bind(etcSsl, DebianEtcSsl.REAL)), "a", "b");
        outcome.assertOnlyWholeVersions();
    }

    @Test
    void aStoreThatIsReallyEmptyStillFailsWithTheClearError() throws Exception {
        Path empty = Files.writeString(work.resolve("empty.pem"), "");
        ChildProcess.Result result = ChildJvm.on(javaHome()).env("SSL_CERT_FILE", empty.toString())
                .runMain(PrintAnchors.class.getName());
        assertThat(result.stdout()).as(result.describe())
                .startsWith("ERROR SystemTrust found no trusted certificates")
                .contains(empty + " (SSL_CERT_FILE): READ (no certificates in it)")
                .contains("How to fix:");
    }

    @Test
    void aStoreThatIsReallyUnreadableStillFailsWithTheClearError() throws Exception {
        Path directory = Files.createDirectories(work.resolve("not-a-bundle"));
        ChildProcess.Result result = ChildJvm.on(javaHome()).env("SSL_CERT_FILE", directory.toString())
                .runMain(PrintAnchors.class.getName());
        assertThat(result.stdout()).as(result.describe())
                .startsWith("ERROR SystemTrust found no trusted certificates")
                .contains(directory + " (SSL_CERT_FILE): FAILED (is a directory, not a certificate file)");
    }

    private static Path linkedDirectory(Path directory, String links) throws IOException {
        Files.createDirectories(directory);
        for (String line : Files.readAllLines(work.resolve(links))) {
            String[] link = line.split("\t", 2);
            Files.createSymbolicLink(directory.resolve(link[0]), Path.of(link[1]));
        }
        return directory;
    }

    private static String path(String name) {
        return work.resolve(name).toString();
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** Starts the swapper, runs the loads in {@code loader}, and collects both reports. */
    private static Outcome race(List<String> swapperArguments, ChildJvm loader, String versionA, String versionB)
            throws Exception {
        // Raised priority: the test's own eight loading threads must not starve the update on a busy two-core
        // machine; an update paused between its steps for longer than SystemTrust's quiet period is a partial store
        // at rest, which no reader can tell from a real one.
        List<String> command = new ArrayList<>(List.of("nice", "-n", "-10", javaHome().resolve("bin/java").toString(), "-cp",
                ChildJvm.testClassPath(), StoreSwapper.class.getName(), swapperArguments.get(0),
                Long.toString(LOAD_MILLIS + 1500)));
        command.addAll(swapperArguments.subList(1, swapperArguments.size()));
        Path swapperOutput = Files.createTempFile(work, "swapper", ".txt");
        Process swapper = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(swapperOutput.toFile()).start();
        ChildProcess.Result loads;
        try {
            loads = loader.runMain(ConcurrentLoads.class.getName(), Integer.toString(THREADS),
                    Long.toString(LOAD_MILLIS), path(versionA + ".sha256"), path(versionB + ".sha256"));
        } finally {
            if (!swapper.waitFor(30, TimeUnit.SECONDS)) {
                swapper.destroyForcibly();
            }
        }
        return new Outcome(loads, Files.readString(swapperOutput));
    }

    /** What the loader and the swapper reported. */
    private record Outcome(ChildProcess.Result loads, String swapper) {
        void assertOnlyWholeVersions() {
            System.out.println(loads.stdout().lines().findFirst().orElse("") + ", " + swapper.strip());
            Matcher summary = SUMMARY.matcher(loads.stdout());
            assertThat(summary.find()).as(loads.describe()).isTrue();
            String context = loads.stdout() + "\nswapper: " + swapper + "\nloader stderr: " + loads.stderr();
            Matcher swaps = Pattern.compile("SWAPS (\\d+)").matcher(swapper);
            assertThat(swaps.find()).as(context).isTrue();
            assertThat(Integer.parseInt(swaps.group(1))).as("swaps, %s", context).isGreaterThanOrEqualTo(10);
            assertThat(Long.parseLong(summary.group(5))).as("failed loads, %s", context).isZero();
            assertThat(Long.parseLong(summary.group(4))).as("loads with neither version, %s", context).isZero();
            assertThat(Long.parseLong(summary.group(1))).as("loads, %s", context).isGreaterThan(10L * THREADS);
            assertThat(Long.parseLong(summary.group(2))).as("loads of version A, %s", context).isPositive();
            assertThat(Long.parseLong(summary.group(3))).as("loads of version B, %s", context).isPositive();
        }
    }
}
