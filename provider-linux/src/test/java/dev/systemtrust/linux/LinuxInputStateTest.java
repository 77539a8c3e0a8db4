package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxInputStateTest {
    @TempDir
    Path root;
    private Path bundle;
    private Path certs;
    private LinuxTrustBackend backend;

    @BeforeEach
    void debianLikeTree() throws Exception {
        certs = Files.createDirectories(root.resolve("etc/ssl/certs"));
        bundle = Files.writeString(certs.resolve("ca-certificates.crt"), "bundle v1\n");
        Files.setLastModifiedTime(bundle, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        backend = new LinuxTrustBackend(Map.of(), LinuxTrustLocations.under(root));
    }

    /** A backend over the test tree whose clock reads {@code now[0]}. */
    private LinuxTrustBackend clockedBy(long[] now) {
        return new LinuxTrustBackend(Map.of(), LinuxTrustLocations.under(root), () -> now[0]);
    }

    @Test
    void unchangedFilesGiveAnEqualState() {
        assertThat(backend.inputState()).isEqualTo(backend.inputState());
    }

    @Test
    void rewritingTheBundleChangesTheState() throws Exception {
        Object before = backend.inputState();
        Files.writeString(bundle, "bundle v2 is longer\n");

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    @Test
    void touchingTheBundleChangesTheState() throws Exception {
        Object before = backend.inputState();
        Files.setLastModifiedTime(bundle, FileTime.from(Instant.parse("2026-06-01T00:00:00Z")));

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    @Test
    void replacingTheBundleByRenameChangesTheInodeEvenWithTheSameSizeAndTime() throws Exception {
        Object before = backend.inputState();
        Path replacement = Files.writeString(certs.resolve("new.tmp"), "bundle v1\n");
        Files.setLastModifiedTime(replacement, Files.getLastModifiedTime(bundle));
        Files.move(replacement, bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    @Test
    void aBundleThatVanishesAndReturnsWithinTheIntervalIsSeenBothTimes() throws Exception {
        // Fedora's bundle: no watched directory holds it, so only its own stat can tell.
        Path fedora = Files.createDirectories(root.resolve("etc/pki/ca-trust/extracted/pem"))
                .resolve("tls-ca-bundle.pem");
        Files.delete(bundle);
        Files.writeString(fedora, "fedora v1\n");
        long[] now = {0};
        LinuxTrustBackend clocked = clockedBy(now);
        Object present = clocked.inputState();
        Files.delete(fedora);
        now[0] = 100_000_000L;
        Object gone = clocked.inputState();
        Files.writeString(fedora, "fedora v2, longer\n");
        now[0] = 200_000_000L;
        Object back = clocked.inputState();

        assertThat(gone).isNotEqualTo(present);
        assertThat(((LinuxInputState.State) gone).paths()).anySatisfy(state -> {
            assertThat(state.path()).isEqualTo(fedora);
            assertThat(state.present()).isFalse();
        });
        assertThat(back).as("back within the same interval").isNotEqualTo(gone).isNotEqualTo(present);
    }

    @Test
    void aDistrustDirectoryAppearingIsSeenAtOnceEvenWithinTheInterval() throws Exception {
        long[] now = {0};
        LinuxTrustBackend clocked = clockedBy(now);
        Object before = clocked.inputState();
        Files.createDirectories(root.resolve("data/misc/user/0/cacerts-removed"));
        now[0] = 1;

        assertThat(clocked.inputState()).isNotEqualTo(before);
    }

    @Test
    void aBundleTooLargeToUseDoesNotHideChangesToTheNextOne() throws Exception {
        try (java.io.RandomAccessFile huge = new java.io.RandomAccessFile(bundle.toFile(), "rw")) {
            huge.setLength(CertificateFiles.MAX_FILE_SIZE + 1); // sparse: nothing is written
        }
        Path fedora = Files.createDirectories(root.resolve("etc/pki/ca-trust/extracted/pem"))
                .resolve("tls-ca-bundle.pem");
        Files.writeString(fedora, "fedora v1\n");
        Object before = backend.inputState();
        Files.writeString(fedora, "fedora v2, longer\n");

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    @Test
    void addingACertificateToADirectoryChangesTheState() throws Exception {
        Object before = backend.inputState();
        Files.writeString(certs.resolve("corporate.pem"), "x");

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    @Test
    void aLocationAppearingWhereThereWasNothingIsSeenOnceTheRecheckIntervalHasPassed() throws Exception {
        long[] now = {0};
        LinuxTrustBackend clocked = clockedBy(now);
        Object before = clocked.inputState();
        Files.createDirectories(root.resolve("etc/pki/tls/certs"));

        now[0] = LinuxInputState.ABSENT_RECHECK_NANOS - 1;
        assertThat(clocked.inputState()).as("within the interval").isEqualTo(before);
        now[0] = LinuxInputState.ABSENT_RECHECK_NANOS;
        assertThat(clocked.inputState()).as("after it").isNotEqualTo(before);
    }

    @Test
    void changesToExistingLocationsAreSeenAtOnceEvenWithinTheRecheckInterval() throws Exception {
        long[] now = {0};
        LinuxTrustBackend clocked = clockedBy(now);
        Object before = clocked.inputState();
        Files.writeString(certs.resolve("corporate.pem"), "x");
        now[0] = 1;

        assertThat(clocked.inputState()).isNotEqualTo(before);
    }

    @Test
    void environmentVariablesArePartOfTheState() throws Exception {
        Path custom = Files.writeString(root.resolve("custom.pem"), "x");
        Object standard = backend.inputState();
        Object withFile = new LinuxTrustBackend(Map.of("SSL_CERT_FILE", custom.toString()),
                LinuxTrustLocations.under(root)).inputState();
        Object withDir = new LinuxTrustBackend(Map.of("SSL_CERT_DIR", certs.toString()),
                LinuxTrustLocations.under(root)).inputState();

        assertThat(withFile).isNotEqualTo(standard).isNotEqualTo(withDir);
    }

    @Test
    void retargetingALinkedBundleChangesTheState() throws Exception {
        Path first = Files.writeString(root.resolve("first.pem"), "same size");
        Path second = Files.writeString(root.resolve("second.pem"), "same size");
        Files.setLastModifiedTime(second, Files.getLastModifiedTime(first));
        Path link = Files.createSymbolicLink(root.resolve("etc/ssl/cert.pem"), first);
        Files.delete(bundle);
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Object before = backend.inputState();
        Files.delete(link);
        Files.createSymbolicLink(link, second);

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    @Test
    void aBundleAfterTheOneInUseIsNotWatchedButOneBeforeItIs() throws Exception {
        Path later = Files.createDirectories(root.resolve("etc/ssl")).resolve("cert.pem");
        Files.writeString(later, "later bundle, never consulted while the Debian one exists");
        Object before = backend.inputState();
        Files.writeString(later, "changed, still never consulted");

        assertThat(backend.inputState()).isEqualTo(before);

        Files.delete(bundle);
        assertThat(backend.inputState()).as("the bundle in use vanished: the later one takes over")
                .isNotEqualTo(before);
    }

    /** The cache gap once documented: same inode, same size, the directory's metadata untouched. */
    @Test
    void aFileRewrittenInPlaceInsideADirectoryIsSeenAtTheNextFileCheck() throws Exception {
        Path corporate = Files.writeString(certs.resolve("corporate.pem"), "corporate CA, version 1\n");
        Files.setLastModifiedTime(corporate, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        long[] now = {0};
        LinuxTrustBackend clocked = clockedBy(now);
        clocked.read();
        Object before = clocked.inputState();
        Files.writeString(corporate, "corporate CA, version 2\n");
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        now[0] = fileCheckNanos() - 1;
        assertThat(clocked.inputState()).as("before the next file check").isEqualTo(before);
        now[0] = fileCheckNanos();
        assertThat(clocked.inputState()).as("at the next file check").isNotEqualTo(before);
    }

    private static long fileCheckNanos() {
        return 2_000_000_000L; // the default of -Dsystemtrust.cache.fileCheckSeconds
    }

    @Test
    void aReadOfAFileModifiedWithinTheQuietPeriodIsNotTrusted() throws Exception {
        Path corporate = Files.writeString(certs.resolve("corporate.pem"), "corporate CA\n");
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Object before = backend.inputState();
        backend.read();
        assertThat(backend.inputState()).as("just written").isNotEqualTo(before);

        Files.setLastModifiedTime(corporate, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        backend.read(); // sees the file's new metadata: a change, read again
        before = backend.inputState();
        backend.read();
        assertThat(backend.inputState()).as("quiet for ten seconds").isEqualTo(before);
    }

    /** What {@code cat new > bundle} leaves for a moment: the file ends inside a PEM block. */
    @Test
    void contentCutShortIsTrustedOnlyOnceItsFileHasBeenQuietForASecond() throws Exception {
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nMIIB\n");
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(bundle, FileTime.fromMillis(System.currentTimeMillis() - 500));
        Object before = backend.inputState();
        backend.read();
        assertThat(backend.inputState()).as("cut short, half a second old").isNotEqualTo(before);

        Files.setLastModifiedTime(bundle, FileTime.fromMillis(System.currentTimeMillis() - 1_500));
        before = backend.inputState();
        backend.read();
        assertThat(backend.inputState()).as("cut short, quiet for 1.5 s: a truncated file at rest")
                .isEqualTo(before);
    }

    @Test
    void aBundleWhoseReadFailsMakesTheNextOneInUseWatched() throws Exception {
        // /proc/self/mem looks like a readable empty regular file, and reading it fails with EIO.
        Path mem = Path.of("/proc/self/mem");
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")) || Files.isRegularFile(mem), "/proc is mounted");
        Files.delete(bundle);
        Files.createSymbolicLink(bundle, mem);
        Path fedora = Files.createDirectories(root.resolve("etc/pki/ca-trust/extracted/pem"))
                .resolve("tls-ca-bundle.pem");
        Files.writeString(fedora, "fedora v1\n");
        Files.setLastModifiedTime(fedora, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        Files.setLastModifiedTime(certs, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        backend.read();
        Object before = backend.inputState();
        Files.writeString(fedora, "fedora v2, longer\n");

        assertThat(backend.inputState()).isNotEqualTo(before);
    }

    /** A path that was there and now fails {@code stat} (here a link loop) is an unchanged state until it changes. */
    @Test
    void aPathThatKeepsFailingStatGivesTheSameStateUntilItChanges() throws Exception {
        Path other = Files.createDirectories(root.resolve("other"));
        LinuxTrustBackend fromVariable = new LinuxTrustBackend(Map.of("SSL_CERT_DIR", certs + ":" + other),
                LinuxTrustLocations.under(root));
        fromVariable.inputState(); // seen present: from now on it is stat'ed directly
        Files.delete(other);
        Files.createSymbolicLink(other, other.getFileName()); // a link to itself: ELOOP

        Object looping = fromVariable.inputState();
        assertThat(fromVariable.inputState()).as("still looping").isEqualTo(looping);

        Files.delete(other);
        Files.createDirectories(other);
        assertThat(fromVariable.inputState()).as("a directory again").isNotEqualTo(looping);
    }

    /** Clock skew: a file server ahead of this machine, an image built on a host whose clock was ahead. */
    @Test
    void aModificationTimeFarInTheFutureCountsAsQuiet() throws Exception {
        Files.setLastModifiedTime(bundle, FileTime.fromMillis(System.currentTimeMillis() + 3_600_000L));
        Object before = backend.inputState();
        backend.read();

        assertThat(backend.inputState()).as("not taken for a change in progress").isEqualTo(before);
    }

    @Test
    void aModificationTimeJustAheadOfTheClockIsStillWaitedFor() {
        long now = System.currentTimeMillis();
        FileTime soon = FileTime.fromMillis(now + QuietPeriod.FUTURE_SKEW_MILLIS - 500);

        assertThat(QuietPeriod.endsAt(soon, now)).isGreaterThan(now + QuietPeriod.FUTURE_SKEW_MILLIS - 500);
        assertThat(QuietPeriod.endsAt(FileTime.fromMillis(now + QuietPeriod.FUTURE_SKEW_MILLIS + 1), now))
                .isLessThanOrEqualTo(now);
    }
}
