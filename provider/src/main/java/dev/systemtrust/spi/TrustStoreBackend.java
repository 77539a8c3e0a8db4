package dev.systemtrust.spi;

/**
 * Reads one operating system family's certificate trust store.
 *
 * <p>Implementations live in their own modules and are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/dev.systemtrust.spi.TrustStoreBackend}). They must have a
 * public no-argument constructor that does no I/O and loads no native code: construction happens
 * on every OS, reading only on the one the backend {@link #supports supports}.
 */
public interface TrustStoreBackend {

    /** Stable short name, used by {@code -Dsystemtrust.backend=<id>}, e.g. {@code "linux"}. */
    String id();

    /** Whether this backend serves an OS whose {@code os.name} system property is {@code osName}. */
    boolean supports(String osName);

    /**
     * Reads the trust store now. Unreadable or malformed inputs are reported in the result, not thrown.
     *
     * @throws TrustStoreException only when the store cannot be consulted at all
     */
    TrustStoreReport read() throws TrustStoreException;

    /** What a user can do when {@link #read()} yields no anchors; shown in the error and by the CLI. */
    String remedyWhenEmpty();

    /**
     * A cheap fingerprint of everything {@link #read()} would consult (file sizes, modification times and inodes,
     * environment variables): equal to an earlier value only if nothing has changed since, so the provider may
     * reuse its last report. It must not read certificate data. {@code null}, the default, means "always read".
     */
    default Object inputState() {
        return null;
    }

    /**
     * The OS's own chain verifier, when it has one that knows more than the anchor list (see
     * {@link ServerChainVerifier}). Creating it may load native code, so call only on a supported OS.
     */
    default java.util.Optional<ServerChainVerifier> serverChainVerifier() {
        return java.util.Optional.empty();
    }
}
