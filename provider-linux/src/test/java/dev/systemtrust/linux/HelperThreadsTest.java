package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full read may start helper threads, but must never need one: a process at its thread limit still loads. A child
 * JVM runs as a user id of its own under {@code RLIMIT_NPROC} (which root ignores), keeping only the capability to
 * read the test's files, starts threads until it may start no more, then loads.
 */
class HelperThreadsTest {
    /** A user id no other process runs as, so the limit counts only the child's threads. */
    private static final String UNUSED_UID = "48151";
    private static final int THREAD_LIMIT = 64;

    @TempDir
    Path temp;

    @Test
    void aLoadInAProcessAtItsThreadLimitDoesTheHelpersWorkItself() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        assumeTrue(ci || "root".equals(System.getProperty("user.name")), "needs root to run the child as another user");
        StringBuilder bundle = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            bundle.append(TestCertificates.selfSignedCa("Thread Limit " + i).pem());
        }
        Path file = Files.writeString(temp.resolve("bundle.pem"), bundle);
        Path directory = Files.createDirectories(temp.resolve("certs"));
        Files.writeString(directory.resolve("local.pem"), TestCertificates.selfSignedCa("Thread Limit Local").pem());
        ProcessBuilder child = new ProcessBuilder(List.of("prlimit", "--nproc=" + THREAD_LIMIT + ":" + THREAD_LIMIT,
                "setpriv", "--reuid=" + UNUSED_UID, "--regid=" + UNUSED_UID, "--clear-groups",
                "--inh-caps=-all,+dac_read_search", "--ambient-caps=-all,+dac_read_search",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"), AtThreadLimitMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(temp.resolve("child.out").toFile());
        child.environment().put("SSL_CERT_FILE", file.toString());
        child.environment().put("SSL_CERT_DIR", directory.toString());
        Process run = child.start();
        boolean finished = run.waitFor(120, TimeUnit.SECONDS); // a child stuck at its limit must not hang the build
        if (!finished) {
            run.destroyForcibly().waitFor();
        }
        String output = Files.readString(temp.resolve("child.out"), StandardCharsets.UTF_8);

        assertThat(finished).as("the child finished: " + output).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).as("the child reached its limit").containsPattern("(?m)^LIMIT \\d+$");
        // With the bundle in use, the directory's file is not named <hash>.N: only the bundle's four CAs.
        assertThat(output).as("the load after it").contains("\nSIZE 4\n");
    }

    /**
     * The bundle's later half is decoded on a helper thread; which thread decoded a certificate must not matter, nor
     * may an interrupted loading thread (which does the helper's work itself when it cannot wait) read otherwise.
     */
    @Test
    void distrustWinsWhicheverThreadDecodedAndAnInterruptedLoadReadsTheSame() throws Exception {
        List<X509Certificate> cas = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            cas.add(TestCertificates.selfSignedCa("Helper " + i).certificate());
        }
        StringBuilder bundle = new StringBuilder();
        // The first half rejects CAs 6 and 7; the later half, decoded on the helper, lists all eight plainly.
        bundle.append(TrustedBlocks.pem(cas.get(6), null, List.of(TrustedBlocks.SERVER_AUTH), null));
        bundle.append(TrustedBlocks.pem(cas.get(7), null, List.of(TrustedBlocks.SERVER_AUTH), null));
        for (X509Certificate ca : cas) {
            bundle.append(TestCertificates.pem(ca));
        }
        Path file = Files.writeString(temp.resolve("bundle.pem"), bundle);
        Path directory = Files.createDirectories(temp.resolve("certs"));
        Files.writeString(directory.resolve("local-reject.pem"),
                TrustedBlocks.pem(cas.get(5), null, List.of(TrustedBlocks.SERVER_AUTH), null));
        LinuxTrustBackend backend = new LinuxTrustBackend(Map.of("SSL_CERT_FILE", file.toString(), "SSL_CERT_DIR",
                directory.toString()), LinuxTrustLocations.under(temp.resolve("none")));

        TrustStoreReport normal = backend.read();
        TrustStoreReport interrupted;
        Thread.currentThread().interrupt();
        try {
            interrupted = backend.read();
            assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
        } finally {
            Thread.interrupted();
        }

        for (TrustStoreReport report : List.of(normal, interrupted)) {
            assertThat(TrustTree.anchors(report)).containsExactlyElementsOf(cas.subList(0, 5));
            assertThat(report.distrust().size()).isEqualTo(3);
        }
        assertThat(interrupted.describeSearched()).isEqualTo(normal.describeSearched());
    }
}
