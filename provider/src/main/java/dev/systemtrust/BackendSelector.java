package dev.systemtrust;

import dev.systemtrust.spi.TrustStoreBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Picks the {@link TrustStoreBackend} for this OS from those on the class path, or the one named by
 * {@value #BACKEND_PROPERTY}.
 */
public final class BackendSelector {

    /** System property naming a backend id; overrides the choice by {@code os.name}. */
    public static final String BACKEND_PROPERTY = "systemtrust.backend";

    private final List<TrustStoreBackend> available;

    BackendSelector(List<TrustStoreBackend> available) {
        this.available = List.copyOf(available);
    }

    /**
     * The backends on the class path of the class loader that loaded this library. Discovered once: backends are
     * stateless and the class path does not change, and a ServiceLoader scan on every load would cost more than a
     * cached load itself.
     */
    public static BackendSelector discover() {
        return Discovered.SELECTOR;
    }

    private static final class Discovered {
        static final BackendSelector SELECTOR = scan();

        private static BackendSelector scan() {
            List<TrustStoreBackend> found = new ArrayList<>();
            for (TrustStoreBackend backend : ServiceLoader.load(TrustStoreBackend.class,
                    BackendSelector.class.getClassLoader())) {
                found.add(backend); // a loop, not forEach(found::add): a method reference costs a class spin on a cold start
            }
            return new BackendSelector(found);
        }
    }

    /** The backend for the running JVM. */
    public TrustStoreBackend select() throws NoBackendException {
        return select(System.getProperty(BACKEND_PROPERTY), System.getProperty("os.name", ""));
    }

    TrustStoreBackend select(String requestedId, String osName) throws NoBackendException {
        if (requestedId != null && !requestedId.isBlank()) {
            String wanted = requestedId.trim().toLowerCase(Locale.ROOT);
            for (TrustStoreBackend backend : available) {
                if (backend.id().equals(wanted)) {
                    return backend;
                }
            }
            throw new NoBackendException("-D" + BACKEND_PROPERTY + "=" + requestedId
                    + " names no backend on the class path; available: " + ids());
        }
        for (TrustStoreBackend backend : available) {
            if (backend.supports(osName)) {
                return backend;
            }
        }
        throw new NoBackendException("No SystemTrust backend supports os.name=\"" + osName + "\"; available: "
                + ids() + ". Put the matching systemtrust-provider-<os> jar on the class path, or choose one with -D"
                + BACKEND_PROPERTY + "=<id>.");
    }

    public List<String> ids() {
        return available.stream().map(TrustStoreBackend::id).toList();
    }

    /** No backend fits this JVM. */
    public static final class NoBackendException extends Exception {
        private static final long serialVersionUID = 1L;

        NoBackendException(String message) {
            super(message);
        }
    }
}
