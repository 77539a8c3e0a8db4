package dev.systemtrust.tls;

import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The OS store as it is now, as PKIX delegates ({@link PkixOverOsStore}), kept fresh while handshakes ask for it:
 * a CA the OS adds is trusted, and one it removes or distrusts stops being trusted, without a restart or a new
 * {@code SSLContext}.
 *
 * <p>How fresh: where the backend can tell cheaply whether its inputs changed (Linux: a few {@code stat} calls), a
 * handshake re-checks at most every {@value #RECHECK_MILLIS} ms and rebuilds the delegates only when the anchors,
 * intermediates or distrust changed. Where a read is the only way to know (macOS, Windows), the store is re-read in
 * the background at most every {@code systemtrust.refreshSeconds} seconds (default
 * {@value #DEFAULT_BACKGROUND_REFRESH_SECONDS}, at least 1) while handshakes happen, and no handshake waits for it.
 * A re-read that fails keeps the last good delegates, with a WARNING; so does one that finds no anchor at all.
 *
 * <p>Every trust manager the SystemTrust factory makes for one backend shares one store ({@link #shared}), so a
 * process that makes many clients reads and refreshes the OS store once, not once per client. A new trust manager
 * sees the store as it is now where that check is cheap; elsewhere it shares a read at most
 * {@code systemtrust.refreshSeconds} old. With the provider's cache off, each trust manager reads for itself.
 */
final class LiveStore {
    static final long RECHECK_MILLIS = 100;
    static final long DEFAULT_BACKGROUND_REFRESH_SECONDS = 10;
    static final String REFRESH_PROPERTY = "systemtrust.refreshSeconds";
    private static final Map<String, LiveStore> SHARED = new ConcurrentHashMap<>();

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

    /**
     * Told after each change of what is trusted, on the thread that noticed it: for forgetting TLS sessions, which
     * the JDK resumes without asking a trust manager again.
     */
    interface TrustChangeListener {
        /** Reacts to the change; {@code false} when the listener is no longer needed (its SSLContext is gone). */
        boolean trustChanged();
    }

    private final StoreReads reads;
    private final Clock clock;
    /** Asked once: the shared stores are keyed by it, and asking means capturing the inputs' state. */
    private final boolean cheapCheck;
    private final long recheckNanos;
    private final ReentrantLock rebuilding = new ReentrantLock();
    private final AtomicBoolean backgroundRefreshRunning = new AtomicBoolean();
    private final AtomicBoolean watching = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger retellings = new java.util.concurrent.atomic.AtomicInteger();
    private final List<TrustChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile PkixOverOsStore current;
    private volatile long checkedAt;
    private volatile String lastFailure;

    private LiveStore(StoreReads reads, Clock clock, PkixOverOsStore initial) {
        this.reads = reads;
        this.clock = clock;
        this.cheapCheck = reads.changeCheckIsCheap();
        this.recheckNanos = cheapCheck ? RECHECK_MILLIS * 1_000_000L
                : Math.max(1, Long.getLong(REFRESH_PROPERTY, DEFAULT_BACKGROUND_REFRESH_SECONDS)) * 1_000_000_000L;
        this.current = initial;
        this.checkedAt = clock.nanoTime();
    }

    /** Reads the store now: fails, as {@code KeyStore.load} does, when it cannot be read or has no anchor. */
    static LiveStore create(StoreReads reads, Clock clock) throws IOException, GeneralSecurityException {
        return new LiveStore(reads, clock, PkixOverOsStore.of(reads.current()));
    }

    /**
     * The store every SystemTrust trust manager of this backend shares, created (and so read) on first use; a new
     * one after {@code key} changes (another backend, or a cache the provider was told to forget).
     */
    static LiveStore shared(String key, StoreReads reads) throws IOException, GeneralSecurityException {
        LiveStore store = SHARED.get(key);
        if (store != null) {
            if (store.cheapCheck) {
                store.refresh(); // a new trust manager sees the store as it is now, not as of 100 ms ago
            }
            return store;
        }
        LiveStore created = create(reads, System::nanoTime);
        LiveStore raced = SHARED.putIfAbsent(key, created);
        if (SHARED.size() > 8) {
            SHARED.keySet().removeIf(other -> !other.equals(key)); // keys of forgotten caches and other backends
        }
        return raced == null ? created : raced;
    }

    /** The delegates for this handshake, refreshed as the class comment says. */
    PkixOverOsStore delegates() {
        if (clock.nanoTime() - checkedAt >= recheckNanos) {
            if (cheapCheck) {
                refresh();
            } else {
                refreshInBackground();
            }
        }
        return current;
    }

    /**
     * Tells {@code listener} of every change of what is trusted. A resumed session asks no trust manager, so a
     * client that only resumes would never make this store look again: with a listener, a daemon thread looks at
     * the store on its own, every second where that is cheap, else every {@code systemtrust.refreshSeconds}.
     */
    void onTrustChange(TrustChangeListener listener) {
        listeners.add(listener);
        if (watching.compareAndSet(false, true)) {
            try {
                Thread watcher = new Thread(this::watch, "SystemTrust store watch");
                watcher.setDaemon(true);
                watcher.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                watching.set(false); // handshakes still look at the store
                keepLastGood(new IllegalStateException("cannot start a thread to watch the store: " + e, e));
            }
        }
    }

    private void watch() {
        long pauseMillis = Math.max(1_000, recheckNanos / 1_000_000);
        try {
            do {
                while (!listeners.isEmpty()) {
                    Thread.sleep(pauseMillis);
                    try {
                        refresh();
                        if (retellings.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                            tellListeners();
                        }
                    } catch (Error e) {
                        keepLastGood(new IllegalStateException("watching the store failed: " + e, e));
                    }
                }
                watching.set(false);
            } while (!listeners.isEmpty() && watching.compareAndSet(false, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watching.set(false);
        }
    }

    private void refresh() {
        if (!rebuilding.tryLock()) {
            return; // another handshake is refreshing; this one uses the delegates in place
        }
        try {
            checkedAt = clock.nanoTime();
            TrustStoreReport report;
            PkixOverOsStore rebuilt;
            try {
                report = reads.current();
                PkixOverOsStore delegates = current;
                if (report == delegates.report()) {
                    return;
                }
                lastFailure = null;
                if (delegates.decidesAlike(report)) {
                    current = delegates.readAgain(report);
                    return;
                }
                rebuilt = PkixOverOsStore.of(report);
            } catch (IOException | GeneralSecurityException | RuntimeException | LinkageError e) {
                keepLastGood(e instanceof Exception exception ? exception
                        : new IllegalStateException("reading the store failed: " + e, e));
                return;
            }
            current = rebuilt;
            tellListeners();
            // A resumed handshake already under way when the sessions were forgotten stores its new session
            // afterwards; telling the listeners again on the next two looks forgets that one too.
            retellings.set(2);
        } finally {
            rebuilding.unlock();
        }
    }

    private void tellListeners() {
        for (TrustChangeListener listener : listeners) {
            try {
                if (!listener.trustChanged()) {
                    listeners.remove(listener);
                }
            } catch (RuntimeException e) {
                System.getLogger("dev.systemtrust.tls").log(System.Logger.Level.WARNING, "SystemTrust: a listener "
                        + "for trust changes failed", e);
            }
        }
    }

    private void refreshInBackground() {
        if (!backgroundRefreshRunning.compareAndSet(false, true)) {
            return;
        }
        checkedAt = clock.nanoTime();
        try {
            Thread refresher = new Thread(this::refreshThenRelease, "SystemTrust store refresh");
            refresher.setDaemon(true);
            refresher.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            backgroundRefreshRunning.set(false); // the next interval tries again
            keepLastGood(new IllegalStateException("cannot start a thread to read the store again: " + e, e));
        }
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
            System.getLogger("dev.systemtrust.tls").log(System.Logger.Level.WARNING, "SystemTrust keeps the OS trust "
                    + "store it read earlier: reading it again failed: " + failure, e);
        }
        lastFailure = failure;
    }
}
