package dev.systemtrust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveTrustManagerTest {
    private static final Issued FIRST_ROOT = TestCertificates.selfSignedCa("Live First Root");
    private static final Issued ADDED_ROOT = TestCertificates.selfSignedCa("Live Added Root");
    private static final X509Certificate[] FROM_FIRST = chain(FIRST_ROOT);
    private static final X509Certificate[] FROM_ADDED = chain(ADDED_ROOT);

    private static X509Certificate[] chain(Issued root) {
        return new X509Certificate[] {TestCertificates.server(root, "live.test").certificate(), root.certificate()};
    }

    private static TrustStoreReport trusting(Issued... roots) {
        TrustStoreReport.Builder report = TrustStoreReport.builder("test");
        for (Issued root : roots) {
            report.trust(root.certificate(), null, "/os");
        }
        return report.build();
    }

    /** A store a test changes, read through a counter; {@code null} makes the read fail. */
    private static final class Store implements LiveStore.StoreReads {
        final AtomicReference<TrustStoreReport> report = new AtomicReference<>();
        final AtomicInteger reads = new AtomicInteger();
        final boolean cheap;
        volatile CountDownLatch readGate;

        Store(TrustStoreReport initial, boolean cheap) {
            report.set(initial);
            this.cheap = cheap;
        }

        @Override
        public TrustStoreReport current() throws IOException {
            reads.incrementAndGet();
            CountDownLatch gate = readGate;
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            TrustStoreReport now = report.get();
            if (now == null) {
                throw new IOException("SystemTrust found no trusted certificates (test)");
            }
            return now;
        }

        @Override
        public boolean changeCheckIsCheap() {
            return cheap;
        }
    }

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @AfterEach
    void reset() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty(LiveStore.REFRESH_PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    @Test
    void aCaAddedOrRemovedByTheOsIsFollowedAtTheNextCheckWithoutANewTrustManager() throws Exception {
        Store store = new Store(trusting(FIRST_ROOT), true);
        LiveTrustManager live = LiveTrustManager.create(store, nanos::get);
        live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
        assertThatThrownBy(() -> live.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);

        store.report.set(trusting(FIRST_ROOT, ADDED_ROOT));
        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
        live.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA");
        assertThat(live.getAcceptedIssuers()).containsExactlyInAnyOrder(FIRST_ROOT.certificate(), ADDED_ROOT.certificate());

        store.report.set(trusting(ADDED_ROOT));
        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
        assertThatThrownBy(() -> live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void aCaTheOsStartsToDistrustStopsBeingTrusted() throws Exception {
        Store store = new Store(trusting(FIRST_ROOT, ADDED_ROOT), true);
        LiveTrustManager live = LiveTrustManager.create(store, nanos::get);
        live.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA");

        store.report.set(TrustStoreReport.builder("test").trust(FIRST_ROOT.certificate(), null, "/os")
                .trust(ADDED_ROOT.certificate(), null, "/os").exclude(ADDED_ROOT.certificate(), "/blocklist",
                        ExclusionReason.DISTRUSTED, "blocklisted").build());
        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));

        assertThatThrownBy(() -> live.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
    }

    @Test
    void betweenChecksNoReadHappensAndAnUnchangedReadKeepsTheSameDelegate() throws Exception {
        Store store = new Store(trusting(FIRST_ROOT), true);
        LiveTrustManager live = LiveTrustManager.create(store, nanos::get);
        PkixOverOsStore first = live.delegate();
        int readsAfterCreate = store.reads.get();

        for (int i = 0; i < 1000; i++) {
            live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
        }
        assertThat(store.reads.get()).isEqualTo(readsAfterCreate);

        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
        assertThat(live.delegate()).isSameAs(first);
        assertThat(store.reads.get()).isEqualTo(readsAfterCreate + 1);

        store.report.set(trusting(FIRST_ROOT)); // a new read with the same content: no new PKIX delegate
        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
        assertThat(live.delegate().server()).isSameAs(first.server());
    }

    @Test
    void aFailedReadKeepsTheLastGoodTrustAndTheNextGoodReadIsTaken() throws Exception {
        Store store = new Store(trusting(FIRST_ROOT), true);
        LiveTrustManager live = LiveTrustManager.create(store, nanos::get);

        store.report.set(null);
        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
        live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");

        store.report.set(trusting(ADDED_ROOT));
        advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
        live.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA");
        assertThatThrownBy(() -> live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void whereOnlyAReadTellsTheStoreIsReReadInTheBackgroundAndNoHandshakeWaits() throws Exception {
        System.setProperty(LiveStore.REFRESH_PROPERTY, "5");
        Store store = new Store(trusting(FIRST_ROOT), false);
        LiveTrustManager live = LiveTrustManager.create(store, nanos::get);
        advance(Duration.ofSeconds(4));
        live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
        assertThat(store.reads.get()).as("no read before the refresh interval").isEqualTo(1);

        store.report.set(trusting(ADDED_ROOT));
        CountDownLatch gate = new CountDownLatch(1);
        store.readGate = gate;
        advance(Duration.ofSeconds(1));
        // The read is held up; the handshake goes on with the trust in place.
        live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
        live.checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
        gate.countDown();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (live.delegate().report() != store.report.get() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        live.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA");
        assertThat(store.reads.get()).as("one background read for both handshakes").isEqualTo(2);
    }

    @Test
    void trustManagersTheFactoryMakesShareOneReadOfTheStore() throws Exception {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
        FakeBackend.serve(() -> trusting(FIRST_ROOT)); // no input state: only a full read tells
        int before = FakeBackend.reads();

        for (int i = 0; i < 5; i++) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
            factory.init((KeyStore) null);
            ((X509TrustManager) factory.getTrustManagers()[0]).checkServerTrusted(FROM_FIRST, "ECDHE_ECDSA");
        }

        assertThat(FakeBackend.reads() - before).as("full reads for five clients").isEqualTo(1);
    }

    @Test
    void aNewTrustManagerSeesTheStoreAsItIsNowThoughItSharesTheRead() throws Exception {
        AtomicReference<TrustStoreReport> served = new AtomicReference<>(trusting(FIRST_ROOT));
        AtomicInteger version = new AtomicInteger();
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
        FakeBackend.serve(served::get, version::get); // an input state: the change check is cheap
        TrustManagerFactory first = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        first.init((KeyStore) null);

        served.set(trusting(ADDED_ROOT));
        version.incrementAndGet();
        TrustManagerFactory second = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        second.init((KeyStore) null);

        ((X509TrustManager) second.getTrustManagers()[0]).checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA");
    }

    @Test
    void theWatcherSurvivesAnErrorFromOneReadAndStillTellsOfTheNextChange() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        TrustStoreReport first = trusting(FIRST_ROOT);
        TrustStoreReport second = trusting(ADDED_ROOT);
        LiveStore store = LiveStore.create(new LiveStore.StoreReads() {
            @Override
            public TrustStoreReport current() {
                int read = reads.incrementAndGet();
                if (read == 2) {
                    throw new OutOfMemoryError("unable to create native thread (simulated)");
                }
                return read == 1 ? first : second;
            }

            @Override
            public boolean changeCheckIsCheap() {
                return true;
            }
        }, System::nanoTime);
        CountDownLatch told = new CountDownLatch(1);

        store.onTrustChange(() -> {
            told.countDown();
            return true;
        });

        assertThat(told.await(10, TimeUnit.SECONDS)).as("told of the change after %s reads", reads).isTrue();
    }

    @Test
    void aListenerWhoseContextIsGoneIsDroppedAndAFailingOneDoesNotStopTheOthers() throws Exception {
        Store store = new Store(trusting(FIRST_ROOT), true);
        LiveTrustManager live = LiveTrustManager.create(store, nanos::get);
        AtomicInteger told = new AtomicInteger();
        AtomicInteger toldOnce = new AtomicInteger();
        live.onTrustChange(() -> {
            throw new IllegalStateException("a listener that fails");
        });
        live.onTrustChange(() -> toldOnce.incrementAndGet() < 0); // asks to be dropped
        live.onTrustChange(() -> told.incrementAndGet() > 0);

        for (Issued root : new Issued[] {ADDED_ROOT, FIRST_ROOT}) {
            store.report.set(trusting(root));
            advance(Duration.ofMillis(LiveStore.RECHECK_MILLIS));
            live.delegate();
        }

        assertThat(told.get()).isEqualTo(2);
        assertThat(toldOnce.get()).isEqualTo(1);
    }

    @Test
    void throughTheFactoryAStoreChangeIsTrustedWithinTheRecheckInterval() throws Exception {
        AtomicReference<TrustStoreReport> served = new AtomicReference<>(trusting(FIRST_ROOT));
        AtomicInteger version = new AtomicInteger();
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        FakeBackend.serve(served::get, version::get);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        factory.init((KeyStore) null);
        X509TrustManager manager = (X509TrustManager) factory.getTrustManagers()[0];
        assertThatThrownBy(() -> manager.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);

        served.set(trusting(FIRST_ROOT, ADDED_ROOT));
        version.incrementAndGet();
        Thread.sleep(LiveStore.RECHECK_MILLIS + 20);

        manager.checkServerTrusted(FROM_ADDED, "ECDHE_ECDSA");
    }
}
