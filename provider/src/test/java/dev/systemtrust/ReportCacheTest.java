package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReportCacheTest {
    private static final X509Certificate ROOT = TestCertificates.selfSignedCa("Cached Root").certificate();
    private static final X509Certificate NEW_ROOT = TestCertificates.selfSignedCa("New Root").certificate();
    /** An intermediate the store does not hold, which only a server would send: distrust still binds it. */
    private static final X509Certificate OFF_STORE_SUB = TestCertificates.intermediate(
            TestCertificates.selfSignedCa("Issuing Root"), "Off-store Sub").certificate();

    private final AtomicReference<Object> state = new AtomicReference<>("state-1");
    private final AtomicReference<X509Certificate> served = new AtomicReference<>(ROOT);

    @BeforeEach
    void statefulFakeBackend() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(served.get(), null, "/fake").build(),
                state::get);
    }

    @AfterEach
    void clearOverride() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty(ReportCache.CACHE_PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    private static KeyStore load() throws Exception {
        KeyStore store = KeyStore.getInstance("SystemTrust", new SystemTrustProvider());
        store.load(null, null);
        return store;
    }

    private static X509Certificate only(KeyStore store) throws Exception {
        return (X509Certificate) store.getCertificate(Collections.list(store.aliases()).get(0));
    }

    @Test
    void unchangedInputsReuseTheReadAndShareTheSameCertificateInstances() throws Exception {
        int before = FakeBackend.reads();
        KeyStore first = load();
        KeyStore second = load();

        assertThat(FakeBackend.reads() - before).isEqualTo(1);
        assertThat(only(second)).isSameAs(only(first));
    }

    @Test
    void changedInputsAreReadAgain() throws Exception {
        KeyStore first = load();
        served.set(NEW_ROOT);
        state.set("state-2");
        int before = FakeBackend.reads();

        KeyStore second = load();

        assertThat(FakeBackend.reads() - before).isEqualTo(1);
        assertThat(only(first)).isEqualTo(ROOT);
        assertThat(only(second)).isEqualTo(NEW_ROOT);
    }

    @Test
    void aBackendWithoutInputStateIsReadEveryTime() throws Exception {
        state.set(null);
        int before = FakeBackend.reads();
        load();
        load();

        assertThat(FakeBackend.reads() - before).isEqualTo(2);
    }

    @Test
    void cachingCanBeTurnedOff() throws Exception {
        System.setProperty(ReportCache.CACHE_PROPERTY, "false");
        int before = FakeBackend.reads();
        load();
        load();

        assertThat(FakeBackend.reads() - before).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotCached() throws Exception {
        served.set(null);
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).build(), state::get);
        assertThatThrownBy(ReportCacheTest::load).isInstanceOf(IOException.class);

        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(ROOT, null, "/fake").build(),
                state::get);
        assertThat(only(load())).isEqualTo(ROOT);
    }

    @Test
    void concurrentLoadsAllSeeTheSameCertificateInstance() throws Exception {
        load();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<X509Certificate>> tasks = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tasks.add(() -> only(load()));
            }
            X509Certificate expected = only(load());
            for (Future<X509Certificate> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isSameAs(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inputsThatChangeWhileBeingReadAreReadAgainUntilTheyHoldStill() throws Exception {
        AtomicInteger changesLeft = new AtomicInteger(2);
        FakeBackend.serve(() -> {
            if (changesLeft.getAndDecrement() > 0) {
                state.set(new Object()); // an update lands while this read runs
            }
            return TrustStoreReport.builder(FakeBackend.ID).trust(NEW_ROOT, null, "/fake").build();
        }, state::get);
        int before = FakeBackend.reads();

        TrustStoreReport report = TrustStoreReader.readAnchors();

        assertThat(FakeBackend.reads() - before).isEqualTo(3);
        assertThat(report.searched()).last().satisfies(note -> {
            assertThat(note.location()).isEqualTo(ReportCache.CONSISTENCY_LOCATION);
            assertThat(note.detail()).contains("read 3 times");
        });
        int afterSettling = FakeBackend.reads();
        load();
        assertThat(FakeBackend.reads()).as("the settled read is reused").isEqualTo(afterSettling);
    }

    /** From now on every read changes the inputs while it runs, and finds the next of {@code reports} in turn. */
    private void changingDuringEveryRead(TrustStoreReport... reports) {
        AtomicInteger next = new AtomicInteger();
        FakeBackend.serve(() -> {
            state.set(new Object());
            return reports[next.getAndIncrement() % reports.length];
        }, state::get);
    }

    /** As {@link #changingDuringEveryRead}, the first read finding {@code first}, the later ones {@code then}. */
    private void firstThenChangingDuringEveryRead(TrustStoreReport first, TrustStoreReport... then) {
        AtomicInteger next = new AtomicInteger();
        FakeBackend.serve(() -> {
            state.set(new Object());
            int read = next.getAndIncrement();
            return read == 0 ? first : then[(read - 1) % then.length];
        }, state::get);
    }

    private static TrustStoreReport distrustingRoot() {
        return TrustStoreReport.builder(FakeBackend.ID).trust(NEW_ROOT, null, "/fake")
                .exclude(ROOT, "/fake-distrust", ExclusionReason.DISTRUSTED, "blocklisted").build();
    }

    private static TrustStoreReport distrustingOffStoreSub() {
        return TrustStoreReport.builder(FakeBackend.ID).trust(ROOT, null, "/fake")
                .exclude(OFF_STORE_SUB, "/fake-distrust", ExclusionReason.DISTRUSTED, "blocklisted").build();
    }

    private static TrustStoreReport trusting(X509Certificate... anchors) {
        TrustStoreReport.Builder report = TrustStoreReport.builder(FakeBackend.ID);
        for (X509Certificate anchor : anchors) {
            report.trust(anchor, null, "/fake");
        }
        return report.build();
    }

    @Test
    void inputsThatNeverHoldStillKeepTheLastGoodReadAndAreNotReadAgainAtOnce() throws Exception {
        ReportCache.Snapshot good = TrustStoreReader.snapshot();
        changingDuringEveryRead(trusting(NEW_ROOT), trusting(ROOT, NEW_ROOT));
        state.set("changed");
        long unsettledBefore = ReportCache.unsettledReads();
        int readsBefore = FakeBackend.reads();

        ReportCache.Snapshot served = TrustStoreReader.snapshot();

        assertThat(served).isSameAs(good);
        assertThat(FakeBackend.reads() - readsBefore).isEqualTo(ReportCache.MAX_READS);
        assertThat(ReportCache.unsettledReads() - unsettledBefore).isEqualTo(1);
        assertThat(only(load())).as("a load right after").isEqualTo(ROOT);
        assertThat(FakeBackend.reads() - readsBefore).as("no read within the retry interval")
                .isEqualTo(ReportCache.MAX_READS);
    }

    @Test
    void readsOfInputsThatNeverHoldStillArePausedBetween() throws Exception {
        TrustStoreReader.snapshot();
        changingDuringEveryRead(trusting(NEW_ROOT), trusting(ROOT, NEW_ROOT));
        state.set("changed");
        long started = System.nanoTime();

        TrustStoreReader.snapshot();

        long pauses = 0;
        for (int read = 1; read < ReportCache.MAX_READS; read++) {
            pauses += Math.min(ReportCache.MAX_PAUSE_MILLIS, ReportCache.FIRST_PAUSE_MILLIS << (read - 1));
        }
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(pauses);
    }

    /** The backend's metadata moves on every read (a clock it cannot trust, a file that misreports its size). */
    @Test
    void readsThatAgreeWhileTheKeyKeepsMovingAreTakenAndThenReused() throws Exception {
        TrustStoreReader.snapshot();
        changingDuringEveryRead(trusting(NEW_ROOT));
        state.set("changed");
        int readsBefore = FakeBackend.reads();

        ReportCache.Snapshot taken = TrustStoreReader.snapshot();

        assertThat(taken.aliases().values()).containsExactly(NEW_ROOT);
        assertThat(taken.report().searched()).last().satisfies(note -> {
            assertThat(note.location()).isEqualTo(ReportCache.CONSISTENCY_LOCATION);
            assertThat(note.detail()).contains("the last two found the same");
        });
        assertThat(FakeBackend.reads() - readsBefore).isEqualTo(ReportCache.MAX_READS);
        assertThat(TrustStoreReader.snapshot()).as("nothing changed since its read").isSameAs(taken);
        assertThat(FakeBackend.reads() - readsBefore).isEqualTo(ReportCache.MAX_READS);
    }

    @Test
    void whatANewerReadDistrustsIsDroppedFromTheKeptRead() throws Exception {
        FakeBackend.serve(() -> trusting(ROOT, NEW_ROOT), state::get);
        ReportCache.Snapshot good = TrustStoreReader.snapshot();
        TrustStoreReport distrustingRoot = TrustStoreReport.builder(FakeBackend.ID).trust(NEW_ROOT, null, "/fake")
                .exclude(ROOT, "/fake-distrust", ExclusionReason.DISTRUSTED, "blocklisted").build();
        changingDuringEveryRead(distrustingRoot, trusting(NEW_ROOT));
        state.set("changed");

        ReportCache.Snapshot served = TrustStoreReader.snapshot();

        assertThat(good.aliases().values()).contains(ROOT);
        assertThat(served.aliases().values()).containsExactly(NEW_ROOT);
        assertThat(served.report().distrust().match(ROOT)).isPresent();
    }

    /** Two agreeing reads do not undo what an earlier read of the same attempt distrusted. */
    @Test
    void agreeingReadsThatTrustWhatAnEarlierReadDistrustedAreNotTaken() throws Exception {
        FakeBackend.serve(() -> trusting(ROOT, NEW_ROOT), state::get);
        TrustStoreReader.snapshot();
        firstThenChangingDuringEveryRead(distrustingRoot(), trusting(ROOT, NEW_ROOT));
        state.set("changed");

        ReportCache.Snapshot served = TrustStoreReader.snapshot();

        assertThat(served.aliases().values()).containsExactly(NEW_ROOT);
        assertThat(served.report().distrust().match(ROOT)).isPresent();
    }

    /** Distrust of a certificate the store does not hold counts as much: the trust managers apply it to chains. */
    @Test
    void distrustOfACertificateOffTheStoreSurvivesEveryWayAChangingStoreIsServed() throws Exception {
        TrustStoreReader.snapshot();
        firstThenChangingDuringEveryRead(distrustingOffStoreSub(), trusting(ROOT));
        state.set("changed");
        assertThat(TrustStoreReader.snapshot().report().distrust().match(OFF_STORE_SUB)).as("agreeing reads after it")
                .isPresent();

        TrustStoreReader.invalidateCache();
        FakeBackend.serve(() -> trusting(ROOT), state::get);
        TrustStoreReader.snapshot();
        changingDuringEveryRead(distrustingOffStoreSub(), trusting(ROOT, NEW_ROOT));
        state.set("changed again");
        assertThat(TrustStoreReader.snapshot().report().distrust().match(OFF_STORE_SUB)).as("the last good read kept")
                .isPresent();
    }

    @Test
    void aFirstLoadKeepsDistrustOfACertificateOffTheStore() throws Exception {
        firstThenChangingDuringEveryRead(distrustingOffStoreSub(), trusting(ROOT), trusting(ROOT, NEW_ROOT));

        assertThat(TrustStoreReader.snapshot().report().distrust().match(OFF_STORE_SUB)).isPresent();
    }

    /** Two agreeing reads that found no anchors are a store caught empty, not a settled one. */
    @Test
    void agreeingReadsWithoutAnchorsLeaveTheLastGoodReadInPlace() throws Exception {
        ReportCache.Snapshot good = TrustStoreReader.snapshot();
        changingDuringEveryRead(TrustStoreReport.builder(FakeBackend.ID).build());
        state.set("changed");

        assertThat(TrustStoreReader.snapshot()).isSameAs(good);
    }

    /** Without a last good read, the read finally taken still loses what an earlier read distrusted. */
    @Test
    void aFirstLoadOfInputsThatNeverHoldStillKeepsWhatAnyReadDistrusted() throws Exception {
        X509Certificate other = TestCertificates.selfSignedCa("Other Root").certificate();
        firstThenChangingDuringEveryRead(distrustingRoot(), trusting(ROOT, NEW_ROOT), trusting(ROOT, NEW_ROOT, other));

        ReportCache.Snapshot served = TrustStoreReader.snapshot();

        assertThat(served.aliases().values()).contains(NEW_ROOT).doesNotContain(ROOT);
        assertThat(served.report().distrust().match(ROOT)).isPresent();
    }

    @Test
    void aFirstLoadOfInputsThatNeverHoldStillPausesAndStopsAfterItsPatience() throws Exception {
        changingDuringEveryRead(trusting(NEW_ROOT), trusting(ROOT, NEW_ROOT));
        int readsBefore = FakeBackend.reads();
        long started = System.nanoTime();

        ReportCache.Snapshot served = TrustStoreReader.snapshot();

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).isGreaterThanOrEqualTo(ReportCache.FIRST_READ_PATIENCE_NANOS / 1_000_000);
        int reads = FakeBackend.reads() - readsBefore;
        long pausesWithinPatience = ReportCache.MAX_READS - 1
                + ReportCache.FIRST_READ_PATIENCE_NANOS / 1_000_000 / ReportCache.MAX_PAUSE_MILLIS;
        assertThat(reads).as("reads in %d ms", millis).isBetween(ReportCache.MAX_READS,
                (int) pausesWithinPatience + 1);
        assertThat(served.report().searched()).last().satisfies(note ->
                assertThat(note.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED));
    }

    @Test
    void theWarningAboutInputsThatKeepChangingIsRateLimited() throws Exception {
        ReportCache.forgetWarnings();
        List<LogRecord> warnings = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.systemtrust");
        logger.addHandler(capture);
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                TrustStoreReader.invalidateCache(); // no retry interval to wait out
                FakeBackend.serve(() -> trusting(ROOT), state::get);
                TrustStoreReader.snapshot();
                changingDuringEveryRead(trusting(NEW_ROOT), trusting(ROOT, NEW_ROOT));
                state.set("changed");
                TrustStoreReader.snapshot();
            }
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(warnings).hasSize(1);
    }

    @Test
    void theSnapshotIsTheSameInstanceWhileNothingChanges() throws Exception {
        ReportCache.Snapshot first = TrustStoreReader.snapshot();

        assertThat(TrustStoreReader.snapshot()).isSameAs(first);
        state.set("state-2");
        assertThat(TrustStoreReader.snapshot()).isNotSameAs(first);
    }

    @Test
    void whileOneLoadReadsAChangeTheOthersKeepTheLastGoodRead() throws Exception {
        ReportCache.Snapshot good = TrustStoreReader.snapshot();
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeBackend.serve(() -> {
            reading.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TrustStoreReport.builder(FakeBackend.ID).trust(NEW_ROOT, null, "/fake").build();
        }, state::get);
        state.set("state-2");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ReportCache.Snapshot> slow = pool.submit(TrustStoreReader::snapshot);
            assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(pool.submit(TrustStoreReader::snapshot).get(10, TimeUnit.SECONDS))
                    .as("not blocked by the read in progress").isSameAs(good);

            release.countDown();
            assertThat(slow.get(10, TimeUnit.SECONDS).aliases().values()).containsExactly(NEW_ROOT);
            assertThat(TrustStoreReader.snapshot()).isSameAs(slow.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
