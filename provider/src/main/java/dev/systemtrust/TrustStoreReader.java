package dev.systemtrust;

import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;

/** Reads the OS trust store through the selected backend, turning every failure into a clear {@link IOException}. */
public final class TrustStoreReader {
    private static final ReportCache CACHE = new ReportCache();
    private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();

    private TrustStoreReader() {
    }

    /**
     * A report with the context a person needs to act on it: which backend, why it was chosen, and the remedy
     * for an empty store.
     */
    public record Diagnosis(String backendId, String selectedBecause, String remedyWhenEmpty, TrustStoreReport report) {
    }

    /**
     * The full report for this JVM's OS, including what was excluded, read afresh (and again if it changed while being
     * read); does not fail on an empty store.
     */
    public static Diagnosis readDiagnosis() throws IOException {
        TrustStoreBackend backend = selectBackend();
        String requested = System.getProperty(BackendSelector.BACKEND_PROPERTY);
        String because = requested != null && !requested.isBlank()
                ? "-D" + BackendSelector.BACKEND_PROPERTY + "=" + requested
                : "os.name=" + System.getProperty("os.name");
        return new Diagnosis(backend.id(), because, backend.remedyWhenEmpty(),
                ReportCache.read(backend, ReportCache.Key.of(backend), false).report());
    }

    /** The backend serving this JVM (by os.name or -Dsystemtrust.backend). */
    public static TrustStoreBackend selectedBackend() throws IOException {
        return selectBackend();
    }

    private static TrustStoreBackend selectBackend() throws IOException {
        try {
            return BackendSelector.forThisJvm();
        } catch (BackendSelector.NoBackendException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static TrustStoreReport readReport(TrustStoreBackend backend) throws IOException {
        try {
            // Not logged here: initialising logging would cost every cold start; backends log what they skip,
            // and the CLI's explain shows the whole read.
            TrustStoreReport read = backend.read();
            return JdkCacertsUnion.enabled() ? JdkCacertsUnion.apply(read) : read;
        } catch (TrustStoreException e) {
            throw new IOException("SystemTrust could not read the " + backend.id() + " trust store: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("SystemTrust backend " + backend.id() + " failed: " + e, e);
        }
    }

    /** The report, or an error naming every place searched and what to do when it holds no anchor. */
    static TrustStoreReport requireAnchors(TrustStoreBackend backend, TrustStoreReport report) throws IOException {
        if (report.anchors().isEmpty()) {
            throw new IOException("SystemTrust found no trusted certificates (backend " + backend.id() + ").\n"
                    + "Searched:\n" + report.describeSearched()
                    + (report.excluded().isEmpty() ? "" : report.excluded().size() + " certificates found but not trusted for TLS server authentication.\n")
                    + (report.skipped().isEmpty() ? "" : report.skipped().size() + " inputs skipped as unreadable or malformed.\n")
                    + "How to fix: " + backend.remedyWhenEmpty());
        }
        return report;
    }

    /** The anchors for this JVM's OS; fails when there are none. Reuses the last read while inputs are unchanged. */
    public static TrustStoreReport readAnchors() throws IOException {
        return snapshot().report();
    }

    /**
     * The anchors with the KeyStore aliases; shared, immutable, and the same instance while the backend's inputs are
     * unchanged (or still changing: see {@link ReportCache}).
     */
    static ReportCache.Snapshot snapshot() throws IOException {
        return CACHE.anchors(selectBackend());
    }

    /**
     * Whether {@link #readAnchors()} is cheap while the store is unchanged: the cache is on and the backend can tell
     * a change from its inputs' state (file sizes and times), so a live trust manager may ask on handshakes.
     */
    public static boolean changeCheckIsCheap() {
        if (!cachingEnabled()) {
            return false;
        }
        try {
            return selectBackend().inputState() != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether reads are reused while the store is unchanged ({@code -Dsystemtrust.cache=false} turns it off). */
    public static boolean cachingEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty(ReportCache.CACHE_PROPERTY));
    }

    /** Forgets the cached read, so the next load reads the OS store even if its inputs look unchanged. */
    public static void invalidateCache() {
        CACHE.clear();
        GENERATION.incrementAndGet();
    }

    /** Changes each time the cache is forgotten, so holders of a read made before know to read again. */
    public static long cacheGeneration() {
        return GENERATION.get();
    }
}
