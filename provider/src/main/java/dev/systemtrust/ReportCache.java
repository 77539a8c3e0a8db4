package dev.systemtrust;

import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one owner of read reuse and read consistency. The last good read is reused while its {@link Key} is unchanged;
 * a read is accepted only if the key is the same before and after it (inputs that change while being read are read
 * again, {@link #MAX_READS} times at most); and while one load reads a change, concurrent loads get the last good read
 * instead of waiting. If the inputs never hold still, loads keep the last good read (a logged, counted warning) rather
 * than fail or get a mix. Every KeyStore loaded from the same read shares one {@link Snapshot}, so the process holds
 * one copy of each certificate and callers can tell by identity whether anything changed. Failed reads are never
 * cached. {@code -Dsystemtrust.cache=false} turns reuse off (reads are still checked for consistency).
 */
final class ReportCache {
    static final String CACHE_PROPERTY = "systemtrust.cache";
    /** Reads of inputs that keep changing before giving up on them holding still, when there is a last good read. */
    static final int MAX_READS = 5;
    /** Without a last good read to keep, how long a load keeps reading inputs that keep changing. */
    static final long FIRST_READ_PATIENCE_NANOS = 5_000_000_000L;
    static final String CONSISTENCY_LOCATION = "consistency of the read";

    private static final AtomicLong UNSETTLED_READS = new AtomicLong();

    /**
     * What a read depends on: the backend, its {@link TrustStoreBackend#inputState() input state} and, when the JDK's
     * cacerts is added, that file's state. Equal keys mean an unchanged store; a backend without an input state
     * ({@code null}) has no key worth comparing, and is read every time.
     */
    record Key(String backendId, Object backendState, Object cacertsState) {
        static Key of(TrustStoreBackend backend) {
            Object state = backend.inputState();
            return new Key(backend.id(), state, JdkCacertsUnion.enabled() ? JdkCacertsUnion.inputState() : null);
        }

        /** A key equal to no other: for a read that cannot be reused, only kept until a settled one replaces it. */
        Key unsettled() {
            return new Key(backendId, new Object(), null);
        }

        boolean comparable() {
            return backendState != null;
        }

        boolean sameStoreAs(Key other) {
            return comparable() && equals(other);
        }

        // Written out: a record's generated equals bootstraps method handles, some 100 classes on a cold start.
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && backendId.equals(key.backendId)
                    && Objects.equals(backendState, key.backendState) && Objects.equals(cacertsState, key.cacertsState);
        }

        @Override
        public int hashCode() {
            return Objects.hash(backendId, backendState, cacertsState);
        }
    }

    /** One read: the key it was read under, its report, and the aliases the KeyStore exposes. Immutable, shared. */
    record Snapshot(Key key, TrustStoreReport report, Map<String, X509Certificate> aliases) {
        String backendId() {
            return key.backendId();
        }
    }

    /** A read and whether its inputs held still during it ({@code reads} attempts were made). */
    record Read(Key key, TrustStoreReport report, int reads, boolean settled) {
    }

    private final AtomicReference<Snapshot> last = new AtomicReference<>();
    /** One load reads a change at a time; the others keep the last good read meanwhile. */
    private final ReentrantLock reading = new ReentrantLock();

    /**
     * The anchors for {@code backend}, read afresh only when its inputs changed; fails when there are none. When the
     * inputs keep changing, the last good read; without one, the last read after {@link #FIRST_READ_PATIENCE_NANOS}
     * (kept for concurrent loads, never reused as settled).
     */
    Snapshot anchors(TrustStoreBackend backend) throws IOException {
        if ("false".equalsIgnoreCase(System.getProperty(CACHE_PROPERTY))) {
            return snapshotOf(backend, read(backend, Key.of(backend), System.nanoTime() + FIRST_READ_PATIENCE_NANOS));
        }
        Key key = Key.of(backend);
        Snapshot cached = last.get();
        if (cached != null && key.sameStoreAs(cached.key())) {
            return cached;
        }
        Snapshot lastGood = cached != null && cached.backendId().equals(backend.id()) ? cached : null;
        if (lastGood == null) {
            reading.lock();
        } else if (!reading.tryLock()) {
            return lastGood;
        }
        try {
            Snapshot latest = last.get();
            if (latest != cached && latest != null && latest.backendId().equals(backend.id())) {
                return latest; // read by another load while this one waited; a later change is for the next load
            }
            Read read = read(backend, key, lastGood != null ? 0 : System.nanoTime() + FIRST_READ_PATIENCE_NANOS);
            if (!read.settled() && lastGood != null) {
                return lastGood;
            }
            Snapshot fresh = snapshotOf(backend, read);
            if (read.key().comparable()) {
                last.set(fresh);
            }
            return fresh;
        } finally {
            reading.unlock();
        }
    }

    /** The read as a snapshot; an unsettled one gets a key equal to no other, so it is never reused as settled. */
    private static Snapshot snapshotOf(TrustStoreBackend backend, Read read) throws IOException {
        TrustStoreReport report = TrustStoreReader.requireAnchors(backend, read.report());
        return new Snapshot(read.settled() ? read.key() : read.key().unsettled(), report,
                Collections.unmodifiableMap(AliasAssigner.assign(report.anchors())));
    }

    /**
     * A read during which the key did not change, {@code before} being the key taken just before it. When the inputs
     * keep changing, the last read once {@link #MAX_READS} reads were made and {@code deadline} ({@link
     * System#nanoTime()}) has passed, marked unsettled, with a warning. A report read more than once says so in an
     * extra searched location, so {@code systemtrust explain} shows it.
     */
    static Read read(TrustStoreBackend backend, Key before, long deadline) throws IOException {
        for (int reads = 1; ; reads++) {
            TrustStoreReport report = TrustStoreReader.readReport(backend);
            if (!before.comparable()) {
                return new Read(before, report, reads, true);
            }
            Key after = Key.of(backend);
            boolean settled = after.equals(before);
            if (settled || (reads >= MAX_READS && System.nanoTime() - deadline >= 0)) {
                if (!settled) {
                    warnUnsettled(backend, reads);
                }
                return new Read(after, reads == 1 ? report : noteRereads(report, reads, settled), reads, settled);
            }
            before = after;
        }
    }

    private static TrustStoreReport noteRereads(TrustStoreReport report, int reads, boolean settled) {
        List<SearchedLocation> searched = new ArrayList<>(report.searched());
        searched.add(settled
                ? new SearchedLocation(CONSISTENCY_LOCATION, SearchedLocation.Outcome.READ, 0, "inputs changed while "
                        + "being read; read " + reads + " times until they held still")
                : new SearchedLocation(CONSISTENCY_LOCATION, SearchedLocation.Outcome.FAILED, 0, "inputs still "
                        + "changing after " + reads + " reads (" + UNSETTLED_READS.get() + " such reads in this JVM); "
                        + "loads keep the previous read when there is one"));
        return new TrustStoreReport(report.backendId(), report.anchors(), report.intermediates(), report.excluded(),
                report.skipped(), searched, report.duplicatesMerged());
    }

    private static void warnUnsettled(TrustStoreBackend backend, int reads) {
        long count = UNSETTLED_READS.incrementAndGet();
        System.getLogger("dev.systemtrust").log(System.Logger.Level.WARNING, "The {0} trust store kept changing "
                + "over {1} reads ({2} times in this JVM so far); keeping the previous read if there is one, and "
                + "reading again at the next load", backend.id(), reads, count);
    }

    /** How many reads gave up waiting for the inputs to hold still, in this JVM. */
    static long unsettledReads() {
        return UNSETTLED_READS.get();
    }

    void clear() {
        last.set(null);
    }
}
