package dev.systemtrust.linux;

import static dev.systemtrust.linux.TrustTree.anchors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systemtrust.spi.SkippedInput;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DERUTF8String;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test puts one hostile input into /etc/ssl/certs next to a good certificate: the good one must
 * still be read, the bad one reported as skipped, and nothing may hang or throw.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileInputTest {
    private static final String CERTS = "/etc/ssl/certs";
    private static final TestCertificates.Issued GOOD = TestCertificates.selfSignedCa("Good Root");
    private static final X509Certificate OTHER = TestCertificates.selfSignedCa("Other Root").certificate();

    @TempDir
    Path temp;
    private TrustTree tree;

    @BeforeEach
    void setUp() {
        tree = new TrustTree(temp.resolve("root"));
        tree.write(CERTS + "/good.pem", GOOD.pem());
    }

    private SkippedInput onlySkip(TrustStoreReport report) {
        assertThat(anchors(report)).as("the good certificate next to the bad input").contains(GOOD.certificate());
        assertThat(report.skipped()).hasSize(1);
        return report.skipped().get(0);
    }

    @Test
    void garbageFileIsSkipped() {
        tree.write(CERTS + "/garbage.pem", new byte[] {0, 1, 2, 3, (byte) 0xff, 'x', '\n'});
        assertThat(onlySkip(tree.read()).reason()).isEqualTo("neither PEM nor a DER certificate");
    }

    @Test
    void garbageBetweenBlocksAndGarbageBlockAreSkipped() {
        tree.write(CERTS + "/mixed.pem", "\u0000\u0001junk\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
                + "-----END CERTIFICATE-----\nmore junk\n" + TestCertificates.pem(OTHER));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactlyInAnyOrder(GOOD.certificate(), OTHER);
        assertThat(report.skipped()).singleElement().satisfies(skip -> {
            assertThat(skip.location()).endsWith("mixed.pem:2");
            assertThat(skip.reason()).contains("not a DER certificate");
        });
    }

    @Test
    void truncatedPemIsSkipped() {
        String pem = TestCertificates.pem(OTHER);
        tree.write(CERTS + "/truncated.pem", pem.substring(0, pem.length() / 2));
        SkippedInput skip = onlySkip(tree.read());
        assertThat(skip.location()).endsWith("truncated.pem:1");
        assertThat(skip.reason()).contains("truncated");
    }

    @Test
    void pemWhoseDerIsCutShortIsSkipped() {
        byte[] der = TrustedBlocks.der(OTHER);
        tree.write(CERTS + "/short.pem", TestCertificates.pem("CERTIFICATE", java.util.Arrays.copyOf(der, der.length - 10)));
        assertThat(onlySkip(tree.read()).reason()).contains("malformed or truncated");
    }

    @Test
    void badBase64LineIsSkippedWithItsLine() {
        String pem = TestCertificates.pem(OTHER).replaceFirst("\n(.)", "\n!");
        tree.write(CERTS + "/bad64.pem", pem);
        SkippedInput skip = onlySkip(tree.read());
        assertThat(skip.location()).endsWith("bad64.pem:2");
        assertThat(skip.reason()).contains("not base64");
    }

    @Test
    void certificateWithTrailingJunkIsSkipped() {
        byte[] der = TrustedBlocks.concat(TrustedBlocks.der(OTHER), new byte[] {0x05, 0x00});
        tree.write(CERTS + "/junk.pem", TestCertificates.pem("CERTIFICATE", der));
        tree.write(CERTS + "/junk.der", der);
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(GOOD.certificate());
        assertThat(report.skipped()).extracting(SkippedInput::reason)
                .containsExactly("neither PEM nor a DER certificate", "2 unexpected bytes after the certificate");
    }

    @Test
    void crlfBundleIsRead() {
        tree.write("/etc/ssl/certs/ca-certificates.crt",
                (TestCertificates.pem(OTHER) + "# comment\n" + GOOD.pem()).replace("\n", "\r\n"));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(OTHER, GOOD.certificate());
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void trustedCertificateWithMalformedAuxIsNotTrusted() {
        // Self-signed, so it would be an anchor if the broken attributes were ignored.
        byte[] outOfOrder = TrustedBlocks.aux(new DERUTF8String("alias"), TrustedBlocks.oids(List.of(TrustedBlocks.SERVER_AUTH)));
        byte[] truncated = java.util.Arrays.copyOf(TrustedBlocks.aux(List.of(TrustedBlocks.SERVER_AUTH), List.of(), null), 6);
        byte[] trailing = TrustedBlocks.concat(TrustedBlocks.aux(null, null, "x"), new byte[] {1});
        tree.write(CERTS + "/aux.pem", TrustedBlocks.pem(OTHER, outOfOrder) + TrustedBlocks.pem(OTHER, truncated)
                + TrustedBlocks.pem(OTHER, trailing));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(GOOD.certificate());
        assertThat(report.skipped()).hasSize(3).allSatisfy(skip ->
                assertThat(skip.reason()).startsWith("TRUSTED CERTIFICATE not trusted"));
    }

    @Test
    void fifoIsNeverOpened() throws Exception {
        Path fifo = tree.path(CERTS + "/fifo.pem");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        tree.link(CERTS + "/link-to-fifo.pem", fifo.toString());
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(GOOD.certificate());
        assertThat(report.skipped()).hasSize(2).allSatisfy(skip ->
                assertThat(skip.reason()).contains("not a regular file"));
    }

    @Test
    void socketIsSkipped() throws IOException {
        Path socket = tree.path(CERTS + "/s.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertThat(onlySkip(tree.read()).reason()).contains("not a regular file");
        }
    }

    @Test
    void linkToEndlessDeviceIsSkipped() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        tree.link(CERTS + "/zero.pem", "/dev/zero");
        assertThat(onlySkip(tree.read()).reason()).contains("not a regular file");
    }

    @Test
    void symlinkLoopIsSkipped() {
        tree.link(CERTS + "/loop-a.pem", "loop-b.pem");
        tree.link(CERTS + "/loop-b.pem", "loop-a.pem");
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(GOOD.certificate());
        assertThat(report.skipped()).hasSize(2).allSatisfy(skip -> assertThat(skip.reason()).contains("loop"));
    }

    @Test
    void danglingSymlinkIsSkipped() {
        tree.link(CERTS + "/gone.pem", "/nonexistent/systemtrust/gone.pem");
        assertThat(onlySkip(tree.read()).reason()).isEqualTo("dangling symbolic link");
    }

    @Test
    void hugeSparseFileIsSkippedWithoutReadingIt() throws IOException {
        Path huge = tree.path(CERTS + "/huge.pem");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(1L << 30);
        }
        long start = System.nanoTime();
        SkippedInput skip = onlySkip(tree.read());
        assertThat(skip.reason()).startsWith("larger than 16 MiB");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void fileThatFailsOnReadIsSkipped() {
        // Root ignores file permissions, so use a file the kernel refuses to read: /proc/self/mem reports
        // itself as an empty regular file and fails with EIO when read at offset 0.
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(mem), "/proc is mounted");
        tree.link(CERTS + "/mem.pem", mem.toString());
        SkippedInput skip = onlySkip(tree.read());
        assertThat(skip.location()).endsWith("mem.pem");
        assertThat(skip.reason()).startsWith("read failed");
    }

    @Test
    void fileWhoseNameIsNotValidInTheLocaleEncodingIsStillRead() throws Exception {
        // A name with a byte that is not UTF-8 (nor representable after a round trip through a String): made by
        // the shell, since Java cannot spell it. It must be opened by its exact bytes, not a re-encoded name.
        tree.write("/tmp/other.pem", TestCertificates.pem(OTHER));
        Process copy = new ProcessBuilder("sh", "-c", "cp \"$1\" \"$2/$(printf 'other-\\377.pem')\"", "sh",
                tree.path("/tmp/other.pem").toString(), tree.path(CERTS).toString()).inheritIO().start();
        assertThat(copy.waitFor()).isZero();

        TrustStoreReport report = tree.read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(GOOD.certificate(), OTHER);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void nonAsciiNamesUnderAnAsciiLocaleAreReadNotFatal() throws Exception {
        // LANG=C makes the JVM's file-name encoding ASCII, in which such a name cannot even be spelled as a Path.
        Path directory = Files.createDirectories(temp.resolve("ascii-locale"));
        Files.writeString(directory.resolve("good.pem"), GOOD.pem());
        Process copy = new ProcessBuilder("sh", "-c", "printf '%s' \"$1\" > \"$2/$(printf 'other-\\303\\251-\\377.pem')\"",
                "sh", TestCertificates.pem(OTHER), directory.toString()).inheritIO().start();
        assertThat(copy.waitFor()).isZero();
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReadDirectoryMain.class.getName(), directory.toString());
        child.environment().keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG"));
        child.environment().put("LC_ALL", "C");
        child.redirectErrorStream(true);
        Process run = child.start();
        String output = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(run.waitFor()).as(output).isZero();
        assertThat(output).contains("ANCHORS 2 SKIPPED 0");
    }

    @Test
    void linkToDirectoryIsSkippedAndPlainSubdirectoryIgnored() {
        tree.directory(CERTS + "/java");
        tree.link(CERTS + "/dir-link.pem", tree.path("/usr").toString());
        tree.directory("/usr");
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(GOOD.certificate());
        assertThat(report.skipped()).extracting(SkippedInput::reason).containsExactly(
                "symbolic link to a directory, not a certificate file");
        assertThat(report.searched()).anySatisfy(location -> assertThat(location.detail())
                .contains("1 subdirectory ignored"));
    }

    @Test
    void bundlePathThatIsADirectoryIsNotFatal() {
        tree.directory("/etc/ssl/cert.pem");
        tree.directory("/etc/ssl/certs/ca-certificates.crt");
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(GOOD.certificate());
    }

    @Test
    void emptyFileIsSkipped() {
        tree.write(CERTS + "/empty.pem", new byte[0]);
        assertThat(onlySkip(tree.read()).reason()).isEqualTo("neither PEM nor a DER certificate");
    }
}
