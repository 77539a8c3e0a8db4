package dev.systemtrust.tls;

import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * PKIX over the OS store as it is now ({@link PkixOverOsStore}), following the store while the JVM runs: a CA the
 * OS adds is trusted, and one it removes or distrusts stops being trusted, without a restart or a new
 * {@code SSLContext}.
 *
 * <p>How fresh: where the backend can tell cheaply whether its inputs changed (Linux: a few {@code stat} calls), a
 * handshake re-checks at most every {@value #RECHECK_MILLIS} ms and rebuilds the PKIX delegate only when the anchors,
 * intermediates or distrust changed. Where a read is the only way to know (macOS, Windows), the store is re-read in
 * the background at most every {@code systemtrust.refreshSeconds} seconds (default
 * {@value #DEFAULT_BACKGROUND_REFRESH_SECONDS}) while handshakes happen, and no handshake waits for it. A re-read
 * that fails keeps the last good delegate, with a WARNING; so does one that finds no anchor at all.
 *
 * <p>A session the JDK resumes is not checked again by any trust manager, so "live" means the next full
 * handshake; {@link #onTrustChange} lets an owner of an {@code SSLContext} forget its sessions when trust changes.
 */
final class LiveTrustManager extends X509ExtendedTrustManager {
    static final long RECHECK_MILLIS = 100;
    static final long DEFAULT_BACKGROUND_REFRESH_SECONDS = 10;
    static final String REFRESH_PROPERTY = "systemtrust.refreshSeconds";
    private static final System.Logger LOG = System.getLogger("dev.systemtrust.tls");

    /** Where the current read of the OS store comes from (the provider's cache; tests substitute). */
    interface StoreReads {
        /** The current read; the same object while nothing changed. */
        TrustStoreReport current() throws IOException;

        /** Whether {@link #current()} is cheap when nothing changed, so a handshake may call it. */
        boolean changeCheckIsCheap();
    }

    /** Monotonic time, for tests. */
    interface Clock {
        long nanoTime();
    }

    private final StoreReads reads;
    private final Clock clock;
    private final long recheckNanos;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private final AtomicBoolean backgroundRefreshRunning = new AtomicBoolean();
    private volatile PkixOverOsStore current;
    private volatile long checkedAt;
    private volatile String lastFailure;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    private LiveTrustManager(StoreReads reads, Clock clock, long recheckNanos, PkixOverOsStore initial) {
        this.reads = reads;
        this.clock = clock;
        this.recheckNanos = recheckNanos;
        this.current = initial;
        this.checkedAt = clock.nanoTime();
    }

    /** Reads the store now: fails, as {@code KeyStore.load} does, when it cannot be read or has no anchor. */
    static LiveTrustManager create(StoreReads reads, Clock clock) throws IOException, GeneralSecurityException {
        long recheckNanos = reads.changeCheckIsCheap() ? RECHECK_MILLIS * 1_000_000L
                : Long.getLong(REFRESH_PROPERTY, DEFAULT_BACKGROUND_REFRESH_SECONDS) * 1_000_000_000L;
        return new LiveTrustManager(reads, clock, recheckNanos, PkixOverOsStore.of(reads.current()));
    }

    /** The delegate for this handshake, refreshed as the class comment says. */
    PkixOverOsStore delegate() {
        PkixOverOsStore delegate = current;
        if (clock.nanoTime() - checkedAt < recheckNanos) {
            return delegate;
        }
        if (reads.changeCheckIsCheap()) {
            refresh();
        } else {
            refreshInBackground();
        }
        return current;
    }

    /**
     * Runs {@code listener} after each change of what is trusted (on the thread that noticed it): for forgetting
     * TLS sessions, which the JDK resumes without asking a trust manager again.
     */
    void onTrustChange(Runnable listener) {
        changeListeners.add(listener);
    }

    /** What the OS distrusts in the read now in use. */
    DistrustList distrust() {
        return delegate().distrust();
    }

    private void refresh() {
        if (!rebuilding.tryLock()) {
            return; // another handshake is refreshing; this one uses the delegate in place
        }
        try {
            checkedAt = clock.nanoTime();
            TrustStoreReport report = reads.current();
            PkixOverOsStore delegate = current;
            if (report == delegate.report()) {
                return;
            }
            lastFailure = null;
            if (delegate.decidesAlike(report)) {
                current = delegate.readAgain(report);
                return;
            }
            current = PkixOverOsStore.of(report);
            for (Runnable listener : changeListeners) {
                listener.run();
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            keepLastGood(e);
        } finally {
            rebuilding.unlock();
        }
    }

    private void refreshInBackground() {
        if (!backgroundRefreshRunning.compareAndSet(false, true)) {
            return;
        }
        checkedAt = clock.nanoTime();
        Thread refresher = new Thread(this::refreshThenRelease, "SystemTrust store refresh");
        refresher.setDaemon(true);
        refresher.start();
    }

    private void refreshThenRelease() {
        try {
            refresh();
        } finally {
            backgroundRefreshRunning.set(false);
        }
    }

    private void keepLastGood(Exception e) {
        String failure = e.getMessage();
        if (failure == null || !failure.equals(lastFailure)) {
            LOG.log(System.Logger.Level.WARNING, "SystemTrust keeps the OS trust store it read earlier: reading it "
                    + "again failed: " + failure, e);
        }
        lastFailure = failure;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        PkixOverOsStore delegate = delegate();
        try {
            delegate.server().checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw DistrustExplanation.of(delegate.distrust(), chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        PkixOverOsStore delegate = delegate();
        try {
            delegate.server().checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw DistrustExplanation.of(delegate.distrust(), chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        PkixOverOsStore delegate = delegate();
        try {
            delegate.server().checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw DistrustExplanation.of(delegate.distrust(), chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().client().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().client().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().client().checkClientTrusted(chain, authType, engine);
    }

    /** The OS anchors now (OkHttp's pinning and Netty's OpenSSL contexts read them). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate().server().getAcceptedIssuers();
    }
}
