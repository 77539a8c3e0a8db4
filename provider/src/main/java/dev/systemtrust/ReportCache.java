package dev.systemtrust;

import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
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
 * The one owner of read reuse and read consistency. The last good read is reused while its {@link Key} is unchanged; a
 * read is accepted when the key is the same before and after it. Inputs that change while being read are read again
 * after a pause that doubles each time; when they are still changing after {@link #MAX_READS} reads, the last read is
 * taken if it agrees with the one before it (the inputs' metadata moves, their content does not), has anchors and still
 * distrusts whatever an earlier read distrusted; else loads keep the last good read (a first load: the last read),
 * narrowed by whatever the newer reads distrust, with a rate-limited warning, and try again after {@link #RETRY_NANOS}.
 * While one load reads a change, concurrent loads get the last good read instead of waiting. Every KeyStore loaded from
 * the same read shares one {@link Snapshot}, so the process holds one copy of each certificate and callers can tell by
 * identity whether anything changed. Failed reads are never cached. {@code -Dsystemtrust.cache=false} turns reuse off
 * (reads are still checked for consistency).
 */
final class ReportCache {
    static final String CACHE_PROPERTY = "systemtrust.cache";
    /** Reads of inputs that keep changing before looking at whether the last two agree, or giving up. */
    static final int MAX_READS = 5;
    /** Without a last good read to keep, how long a load keeps reading inputs that keep changing. */
    static final long FIRST_READ_PATIENCE_NANOS = 5_000_000_000L;
    /** The pause before the first re-read; each later pause is twice the one before, up to {@link #MAX_PAUSE_MILLIS}. */
    static final long FIRST_PAUSE_MILLIS = 50;
    static final long MAX_PAUSE_MILLIS = 1_000;
    /** After a load gave up on inputs that kept changing, how long loads take what it served before reading again. */
    static final long RETRY_NANOS = 1_000_000_000L;
    /** At most one warning about inputs that keep changing per this interval; the next one counts the others. */
    static final long WARNING_INTERVAL_NANOS = 60_000_000_000L;
    static final String CONSISTENCY_LOCATION = "consistency of the read";

    private static final AtomicLong UNSETTLED_READS = new AtomicLong();
    private static final Object WARNING_LOCK = new Object();
    private static boolean warned;
    private static long lastWarningAt;
    private static long unwarned;

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

    /**
     * A read: the key after it, its report, how many reads it took, and whether it can be reused while that key holds
     * ({@code settled}: the key held still over it, or it agrees with the read before it). An unsettled read carries
     * the distrust every read of the attempt found, which whatever is served instead must keep.
     */
    record Read(Key key, TrustStoreReport report, int reads, boolean settled, List<ExcludedCertificate> distrust) {
    }

    /**
     * What loads are served: a snapshot reused while the key equals its key ({@code settled}), or, after a load gave
     * up on inputs that kept changing, one served as it is until {@code retryAt} ({@link System#nanoTime()}).
     */
    private record Held(Snapshot snapshot, boolean settled, long retryAt) {
        boolean serves(Key key, String backendId) {
            if (!snapshot.backendId().equals(backendId)) {
                return false;
            }
            return settled ? key.sameStoreAs(snapshot.key()) : System.nanoTime() - retryAt < 0;
        }
    }

    private final AtomicReference<Held> last = new AtomicReference<>();
    /** One load reads a change at a time; the others keep the last good read meanwhile. */
    private final ReentrantLock reading = new ReentrantLock();

    /**
     * The anchors for {@code backend}, read afresh only when its inputs changed; fails when there are none. When the
     * inputs keep changing, see the class comment; without a last good read, reads go on for up to {@link
     * #FIRST_READ_PATIENCE_NANOS}, then the last read is taken (kept for concurrent loads, never reused as settled).
     */
    Snapshot anchors(TrustStoreBackend backend) throws IOException {
        if (!TrustStoreReader.cachingEnabled()) {
            return served(backend, read(backend, Key.of(backend), true), null);
        }
        Key key = Key.of(backend);
        Held held = last.get();
        if (held != null && held.serves(key, backend.id())) {
            return held.snapshot();
        }
        Snapshot lastGood = held != null && held.snapshot().backendId().equals(backend.id()) ? held.snapshot() : null;
        if (lastGood == null) {
            reading.lock();
        } else if (!reading.tryLock()) {
            return lastGood;
        }
        try {
            Held latest = last.get();
            if (latest != held && latest != null && latest.snapshot().backendId().equals(backend.id())) {
                return latest.snapshot(); // read by another load while this one waited; a later change is for the next
            }
            Read read = read(backend, key, lastGood == null);
            Held next = new Held(served(backend, read, lastGood), read.settled(),
                    read.settled() ? 0 : System.nanoTime() + RETRY_NANOS);
            if (read.key().comparable()) {
                last.set(next);
            }
            return next.snapshot();
        } finally {
            reading.unlock();
        }
    }

    /**
     * What loads get from {@code read}: the read itself when settled; otherwise the last good read, or the unsettled
     * read when there is none, either way without anything a read of the attempt distrusted.
     */
    private static Snapshot served(TrustStoreBackend backend, Read read, Snapshot lastGood) throws IOException {
        if (read.settled()) {
            return snapshotOf(backend, read.key(), read.report());
        }
        return keptWithDistrust(backend, lastGood != null ? lastGood
                : snapshotOf(backend, read.key(), read.report()), read);
    }

    private static Snapshot snapshotOf(TrustStoreBackend backend, Key key, TrustStoreReport read) throws IOException {
        TrustStoreReport report = TrustStoreReader.requireAnchors(backend, read);
        return new Snapshot(key, report, Collections.unmodifiableMap(AliasAssigner.assign(report.anchors())));
    }

    /**
     * The last good read, kept while the inputs keep changing, without anything the newer reads distrust: a CA the
     * OS has just distrusted stops being trusted even before its store holds still, whether it is an anchor, an
     * intermediate the store lists or one only servers send. The same instance when the kept read distrusts all of
     * it already.
     */
    private static Snapshot keptWithDistrust(TrustStoreBackend backend, Snapshot kept, Read read) throws IOException {
        TrustStoreReport report = kept.report();
        List<ExcludedCertificate> added = notYetDistrusted(read.distrust(), report);
        if (added.isEmpty()) {
            return kept;
        }
        TrustStoreReport.Builder narrowed = TrustStoreReport.builder(report.backendId());
        for (TrustedCertificate anchor : report.anchors()) {
            narrowed.trust(anchor.certificate(), anchor.label(), anchor.source());
        }
        for (IntermediateCertificate intermediate : report.intermediates()) {
            narrowed.intermediate(intermediate.certificate(), intermediate.source());
        }
        for (ExcludedCertificate exclusion : report.excluded()) {
            narrowed.exclude(exclusion.certificate(), exclusion.source(), exclusion.reason(), exclusion.detail());
        }
        for (ExcludedCertificate exclusion : added) {
            narrowed.exclude(exclusion.certificate(), exclusion.source(), exclusion.reason(), exclusion.detail()
                    + "; found by a read made while the store was changing");
        }
        TrustStoreReport built = narrowed.build();
        return snapshotOf(backend, kept.key(), new TrustStoreReport(built.backendId(), built.anchors(),
                built.intermediates(), built.excluded(), report.skipped(), report.searched(),
                report.duplicatesMerged()));
    }

    /**
     * The entries of {@code distrust} that {@code report} does not distrust already. Distrust binds more than the
     * anchors: the trust managers apply it to every certificate a server sends.
     */
    private static List<ExcludedCertificate> notYetDistrusted(List<ExcludedCertificate> distrust,
            TrustStoreReport report) {
        List<ExcludedCertificate> added = new ArrayList<>();
        DistrustList already = report.distrust();
        for (ExcludedCertificate entry : distrust) {
            if (already.match(entry.certificate()).isEmpty()) {
                added.add(entry);
            }
        }
        return added;
    }

    /**
     * A read during which the key did not change, {@code before} being the key taken just before it; between reads, a
     * pause. When the inputs keep changing: after {@link #MAX_READS} reads, the last read if it agrees with the one
     * before it, has anchors and still distrusts whatever an earlier read distrusted (settled); otherwise, unless
     * {@code patient} and {@link #FIRST_READ_PATIENCE_NANOS} have not passed, the last read marked unsettled, with a
     * warning. A report read more than once says so in an extra searched location, so {@code systemtrust explain} shows
     * it.
     */
    static Read read(TrustStoreBackend backend, Key before, boolean patient) throws IOException {
        long started = System.nanoTime();
        TrustStoreReport previous = null;
        List<ExcludedCertificate> distrust = null;
        boolean interrupted = false;
        try {
            for (int reads = 1; ; reads++) {
                TrustStoreReport report = TrustStoreReader.readReport(backend);
                if (!before.comparable()) {
                    return new Read(before, report, reads, true, List.of());
                }
                Key after = Key.of(backend);
                if (after.equals(before)) {
                    return new Read(after, reads == 1 ? report : noteRereads(report, "inputs changed while being "
                            + "read; read " + reads + " times until they held still", SearchedLocation.Outcome.READ),
                            reads, true, List.of());
                }
                if (distrust == null) {
                    distrust = new ArrayList<>();
                }
                addDistrust(report, distrust);
                if (reads >= MAX_READS) {
                    if (previous != null && sameContent(previous, report) && !report.anchors().isEmpty()
                            && notYetDistrusted(distrust, report).isEmpty()) {
                        return new Read(after, noteRereads(report, "inputs still changing after " + reads
                                + " reads, but the last two found the same; the last is used",
                                SearchedLocation.Outcome.READ), reads, true, List.of());
                    }
                    if (!patient || System.nanoTime() - started >= FIRST_READ_PATIENCE_NANOS) {
                        long count = warnUnsettled(backend, reads);
                        return new Read(after, noteRereads(report, "inputs still changing after " + reads
                                + " reads (" + count + " such reads in this JVM); loads keep the previous read when "
                                + "there is one", SearchedLocation.Outcome.FAILED), reads, false, List.copyOf(distrust));
                    }
                }
                previous = report;
                interrupted |= pause(reads);
                before = Key.of(backend);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sleeps before re-read number {@code reads + 1}, {@link #FIRST_PAUSE_MILLIS} doubling each time. An interrupt
     * does not cut it short (re-reading without pauses is what the pause prevents): returns whether there was one,
     * for the caller to restore.
     */
    private static boolean pause(int reads) {
        long until = System.nanoTime() + Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(reads - 1, 10))
                * 1_000_000L;
        boolean interrupted = false;
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
            try {
                Thread.sleep(left / 1_000_000L, (int) (left % 1_000_000L));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    private static void addDistrust(TrustStoreReport report, List<ExcludedCertificate> distrust) {
        for (ExcludedCertificate exclusion : report.excluded()) {
            if (exclusion.reason() == ExclusionReason.DISTRUSTED) {
                distrust.add(exclusion);
            }
        }
    }

    /** Whether two reads found the same: anchors, intermediates, exclusions and skipped inputs, in the same order. */
    private static boolean sameContent(TrustStoreReport one, TrustStoreReport other) {
        return one.anchors().equals(other.anchors()) && one.intermediates().equals(other.intermediates())
                && one.excluded().equals(other.excluded()) && one.skipped().equals(other.skipped());
    }

    private static TrustStoreReport noteRereads(TrustStoreReport report, String detail,
            SearchedLocation.Outcome outcome) {
        List<SearchedLocation> searched = new ArrayList<>(report.searched());
        searched.add(new SearchedLocation(CONSISTENCY_LOCATION, outcome, 0, detail));
        return new TrustStoreReport(report.backendId(), report.anchors(), report.intermediates(), report.excluded(),
                report.skipped(), searched, report.duplicatesMerged());
    }

    /**
     * Counts a read given up on and logs a warning, at most one per {@link #WARNING_INTERVAL_NANOS}: a store that
     * keeps changing would otherwise log on every attempt. Returns the count.
     */
    private static long warnUnsettled(TrustStoreBackend backend, int reads) {
        long count = UNSETTLED_READS.incrementAndGet();
        long now = System.nanoTime();
        long notLogged;
        synchronized (WARNING_LOCK) {
            if (warned && now - lastWarningAt < WARNING_INTERVAL_NANOS) {
                unwarned++;
                return count;
            }
            warned = true;
            lastWarningAt = now;
            notLogged = unwarned;
            unwarned = 0;
        }
        System.getLogger("dev.systemtrust").log(System.Logger.Level.WARNING, "The {0} trust store kept changing "
                + "over {1} reads ({2} times in this JVM so far, {3} of them since the last warning without one); "
                + "keeping the previous read if there is one, and reading again at a load after a second",
                backend.id(), reads, count, notLogged);
        return count;
    }

    /** How many reads gave up waiting for the inputs to hold still, in this JVM. */
    static long unsettledReads() {
        return UNSETTLED_READS.get();
    }

    /** Lets the next unsettled read warn at once, as the first in a JVM does (for tests of the rate limit). */
    static void forgetWarnings() {
        synchronized (WARNING_LOCK) {
            warned = false;
            unwarned = 0;
        }
    }

    void clear() {
        last.set(null);
    }
}
