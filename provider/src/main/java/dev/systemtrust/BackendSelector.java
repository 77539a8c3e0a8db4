package dev.systemtrust;

import dev.systemtrust.spi.TrustStoreBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Picks the {@link TrustStoreBackend} for this JVM: the one named by {@value #BACKEND_PROPERTY}, found with
 * {@link ServiceLoader}; otherwise this project's own backend for the OS, when its jar is on the class path; otherwise
 * the first backend {@link ServiceLoader} finds that supports the OS.
 *
 * <p>The project's own backends come first for two reasons. A jar that happens to be on the class path cannot
 * silently replace where trust comes from: choosing another backend takes an explicit property. And a
 * {@link ServiceLoader} scan in a fresh JVM initialises the JDK's module-image and jar-URL machinery, which costs
 * about a tenth of a first {@code KeyStore.load}; loading one known class by name costs a fraction of that.
 */
public final class BackendSelector {

    /** System property naming a backend id; overrides the choice by {@code os.name}. */
    public static final String BACKEND_PROPERTY = "systemtrust.backend";

    /** This project's backends, tried in order by class name; each checks the OS itself. */
    static final List<String> BUNDLED = List.of(
            "dev.systemtrust.linux.LinuxTrustBackend",
            "dev.systemtrust.macos.MacosBackend",
            "dev.systemtrust.windows.WindowsBackend");

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

    /** The backend for the running JVM (see the class description). */
    public static TrustStoreBackend forThisJvm() throws NoBackendException {
        String requested = System.getProperty(BACKEND_PROPERTY);
        String osName = System.getProperty("os.name", "");
        if (requested == null || requested.isBlank()) {
            TrustStoreBackend bundled = Bundled.BACKEND;
            if (bundled != null && bundled.supports(osName)) {
                return bundled;
            }
        }
        return discover().select(requested, osName);
    }

    /** The project's backend for this OS, looked up once; {@code null} when its jar is not on the class path. */
    private static final class Bundled {
        static final TrustStoreBackend BACKEND = firstBundled(BUNDLED, System.getProperty("os.name", ""),
                BackendSelector.class.getClassLoader());
    }

    /** The first of {@code classNames} that can be loaded, is a backend and supports {@code osName}; else null. */
    static TrustStoreBackend firstBundled(List<String> classNames, String osName, ClassLoader loader) {
        for (String className : classNames) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue; // that OS's jar is not on the class path
            }
            if (!TrustStoreBackend.class.isAssignableFrom(type)) {
                continue;
            }
            try {
                TrustStoreBackend backend = (TrustStoreBackend) type.getConstructor().newInstance();
                if (backend.supports(osName)) {
                    return backend;
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // unusable here (e.g. a native library missing): leave the choice to the ServiceLoader scan
            }
        }
        return null;
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
