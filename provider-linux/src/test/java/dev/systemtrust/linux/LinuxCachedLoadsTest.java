package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux backend under the provider's cache, as loads use it ({@link TrustStoreReader#readAnchors()}, with the
 * test backend serving a {@link LinuxTrustBackend} over a test tree and counting its reads): inputs that fail,
 * misreport or carry odd times must neither freeze the store nor make loads read again and again; changes only a
 * file re-check can see are read once.
 */
class LinuxCachedLoadsTest {
    private static final X509Certificate A = TestCertificates.selfSignedCa("Cached Linux A").certificate();
    private static final X509Certificate B = TestCertificates.selfSignedCa("Cached Linux B").certificate();
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final FileTime LATER = FileTime.from(Instant.parse("2026-01-02T00:00:00Z"));
    private static final String CONSISTENCY_LOCATION = "consistency of the read";

    @TempDir
    Path temp;
    private LinuxTrustBackend backend;
    private int readsBefore;

    @BeforeEach
    void servedThroughTheTestBackend() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
    }

    @AfterEach
    void restore() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty(LinuxTrustBackend.FILE_CHECK_PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    /** Serves a Linux backend with one variable set; reads are counted from here. */
    private LinuxTrustBackend serve(String variable, String value) {
        backend = new LinuxTrustBackend(Map.of(variable, value),
                LinuxTrustLocations.under(temp.resolve("no-standard-locations")));
        FakeBackend.serve(backend::read, backend::inputState);
        readsBefore = FakeBackend.reads();
        return backend;
    }

    private int reads() {
        return FakeBackend.reads() - readsBefore;
    }

    private static TrustStoreReport load() throws Exception {
        return TrustStoreReader.readAnchors();
    }

    private Path directoryWith(String name, X509Certificate certificate) throws Exception {
        Path directory = Files.createDirectories(temp.resolve(name));
        Path file = Files.writeString(directory.resolve("a.pem"), TestCertificates.pem(certificate));
        Files.setLastModifiedTime(file, LONG_AGO);
        Files.setLastModifiedTime(directory, LONG_AGO);
        return directory;
    }

    private static void turnIntoALinkLoop(Path directory) throws Exception {
        Files.delete(directory);
        Files.createSymbolicLink(directory, directory.getFileName());
    }

    @Test
    void aDirectoryThatStartsFailingStatDoesNotStopANewCaFromBeingSeen() throws Exception {
        Path d1 = directoryWith("d1", A);
        Path d2 = Files.createDirectories(temp.resolve("d2"));
        serve("SSL_CERT_DIR", d1 + ":" + d2);
        assertThat(TrustTree.anchors(load())).containsExactly(A);

        turnIntoALinkLoop(d2);
        Files.setLastModifiedTime(Files.writeString(d1.resolve("b.pem"), TestCertificates.pem(B)), LONG_AGO);
        Files.setLastModifiedTime(d1, LATER);
        int readsAfterFirst = reads();
        TrustStoreReport changed = load();

        assertThat(TrustTree.anchors(changed)).containsExactlyInAnyOrder(A, B);
        assertThat(changed.describeSearched()).contains(d2 + " (SSL_CERT_DIR): FAILED");
        assertThat(load()).as("the next load, nothing changed").isSameAs(changed);
        assertThat(reads() - readsAfterFirst).as("reads").isEqualTo(1);
        assertThat(changed.searched()).extracting(SearchedLocation::location).doesNotContain(CONSISTENCY_LOCATION);
    }

    @Test
    void aFirstLoadWhileADirectoryFailsStatReadsOnce() throws Exception {
        Path d1 = directoryWith("d1", A);
        Path d2 = Files.createDirectories(temp.resolve("d2"));
        serve("SSL_CERT_DIR", d1 + ":" + d2);
        backend.inputState(); // a cheap change check before the first load saw d2 present
        turnIntoALinkLoop(d2);

        assertThat(TrustTree.anchors(load())).containsExactly(A);
        assertThat(reads()).isEqualTo(1);
    }

    @Test
    void aBundleWithAModificationTimeFarInTheFutureIsReadOnceAndThenReused() throws Exception {
        Path bundle = Files.writeString(temp.resolve("bundle.pem"), TestCertificates.pem(A));
        Files.setLastModifiedTime(bundle, FileTime.fromMillis(System.currentTimeMillis() + 3_600_000L));
        serve("SSL_CERT_FILE", bundle.toString());

        TrustStoreReport first = load();

        assertThat(load()).isSameAs(first);
        assertThat(reads()).isEqualTo(1);
    }

    @Test
    void aFileHoldingMoreThanItsSizeSaysIsSkippedAndTheReadSettles() throws Exception {
        Path status = Path.of("/proc/self/status");
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")) || Files.isRegularFile(status), "/proc is mounted");
        Path d1 = directoryWith("d1", A);
        Files.createSymbolicLink(d1.resolve("status.pem"), status);
        Files.setLastModifiedTime(d1, LONG_AGO);
        serve("SSL_CERT_DIR", d1.toString());

        TrustStoreReport first = load();

        assertThat(TrustTree.anchors(first)).containsExactly(A);
        assertThat(first.skipped()).anySatisfy(skipped -> {
            assertThat(skipped.location()).isEqualTo(d1.resolve("status.pem").toString());
            assertThat(skipped.reason()).contains("holds more than");
        });
        assertThat(load()).isSameAs(first);
        assertThat(reads()).isEqualTo(1);
    }

    /** A link made before its target is copied into place: the directory does not change when the target appears. */
    @Test
    void aDanglingLinkWhoseTargetAppearsIsReadAtTheNextFileCheck() throws Exception {
        System.setProperty(LinuxTrustBackend.FILE_CHECK_PROPERTY, "0");
        Path d1 = directoryWith("d1", A);
        Path target = temp.resolve("elsewhere/b.crt");
        Files.createSymbolicLink(d1.resolve("b.pem"), target);
        Files.setLastModifiedTime(d1, LONG_AGO);
        serve("SSL_CERT_DIR", d1.toString());
        assertThat(TrustTree.anchors(load())).containsExactly(A);

        Files.createDirectories(target.getParent());
        Files.setLastModifiedTime(Files.writeString(target, TestCertificates.pem(B)), LONG_AGO);

        assertThat(TrustTree.anchors(load())).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void aDirectoryFileRewrittenInPlaceIsReadOnceAndNotTakenForAChangeDuringTheRead() throws Exception {
        System.setProperty(LinuxTrustBackend.FILE_CHECK_PROPERTY, "0");
        Path d1 = directoryWith("d1", A);
        serve("SSL_CERT_DIR", d1.toString());
        load();

        Files.setLastModifiedTime(Files.writeString(d1.resolve("a.pem"), TestCertificates.pem(B)), LATER);
        int readsAfterFirst = reads();
        TrustStoreReport rewritten = load();

        assertThat(TrustTree.anchors(rewritten)).containsExactly(B);
        assertThat(reads() - readsAfterFirst).isEqualTo(1);
        assertThat(rewritten.searched()).extracting(SearchedLocation::location)
                .doesNotContain(CONSISTENCY_LOCATION);
    }
}
