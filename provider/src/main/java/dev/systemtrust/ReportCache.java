package dev.systemtrust;

import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The last successful read of the OS trust store, reused while the backend's {@link TrustStoreBackend#inputState()
 * input state} is unchanged. Every KeyStore loaded from the same state shares one report and one alias map, so the
 * process holds one copy of each certificate. Failed reads are never cached. {@code -Dsystemtrust.cache=false}
 * turns reuse off.
 */
final class ReportCache {
    static final String CACHE_PROPERTY = "systemtrust.cache";

    /** One read: its report, the aliases the KeyStore exposes, and the input state it was read under. */
    record Snapshot(String backendId, Object inputState, TrustStoreReport report, Map<String, X509Certificate> aliases) {
    }

    private final AtomicReference<Snapshot> last = new AtomicReference<>();

    /** The anchors for {@code backend}, read afresh only when its inputs changed; fails when there are none. */
    Snapshot anchors(TrustStoreBackend backend) throws IOException {
        boolean enabled = !"false".equalsIgnoreCase(System.getProperty(CACHE_PROPERTY));
        // Taken before reading: a change during the read leaves a stale state behind, which forces a re-read.
        Object backendState = enabled ? backend.inputState() : null;
        Object state = backendState == null || !JdkCacertsUnion.enabled() ? backendState
                : java.util.List.of(backendState, JdkCacertsUnion.inputState());
        Snapshot cached = last.get();
        if (state != null && cached != null && cached.backendId().equals(backend.id())
                && Objects.equals(cached.inputState(), state)) {
            return cached;
        }
        TrustStoreReport report = TrustStoreReader.requireAnchors(backend, TrustStoreReader.readReport(backend));
        Snapshot fresh = new Snapshot(backend.id(), state, report,
                Collections.unmodifiableMap(AliasAssigner.assign(report.anchors())));
        if (state != null) {
            last.set(fresh);
        }
        return fresh;
    }

    void clear() {
        last.set(null);
    }
}
