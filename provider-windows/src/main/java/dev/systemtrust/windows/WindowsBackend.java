package dev.systemtrust.windows;

import dev.systemtrust.spi.FallbackReading;
import dev.systemtrust.spi.RootStoreFallback;
import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Reads the Windows certificate stores through crypt32: ROOT at the five system locations (plus LOCAL_MACHINE ROOT
 * with its physical stores, for the Microsoft roots in {@code .AuthRoot}), Disallowed as distrust, CA as
 * intermediates, with the enhanced-key-usage check and Microsoft's partial distrust for TLS servers. When crypt32
 * cannot be used at all, falls back to SunMSCAPI's {@code Windows-ROOT}, loudly; a Disallowed store that exists
 * but cannot be read fails the load instead, since that fallback applies no Disallowed store.
 */
public final class WindowsBackend implements TrustStoreBackend {
    public static final String ID = "windows";
    static final String NATIVE_LOCATION = "crypt32 via JNA";
    private static final System.Logger LOG = System.getLogger("dev.systemtrust.windows");

    private final Supplier<CertificateStores> stores;
    private final RootStoreFallback fallback;
    private final Supplier<ChainPolicyEngine> engines;

    /** For ServiceLoader: loads nothing native until {@link #read()} or {@link #serverChainVerifier()}. */
    public WindowsBackend() {
        this(NativeAccess::certificateStores, new SunMscapiRootFallback(), NativeAccess::chainPolicyEngine);
    }

    WindowsBackend(Supplier<CertificateStores> stores, RootStoreFallback fallback) {
        this(stores, fallback, NativeAccess::chainPolicyEngine);
    }

    WindowsBackend(Supplier<CertificateStores> stores, RootStoreFallback fallback,
            Supplier<ChainPolicyEngine> engines) {
        this.stores = stores;
        this.fallback = fallback;
        this.engines = engines;
    }

    /**
     * Windows' own chain verification (it may fetch a Microsoft root not installed yet); empty, so PKIX over the
     * anchors applies, when crypt32 cannot be loaded.
     */
    @Override
    public java.util.Optional<dev.systemtrust.spi.ServerChainVerifier> serverChainVerifier() {
        try {
            return java.util.Optional.of(new WindowsServerChainVerifier(engines.get()));
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SystemTrust cannot use Windows chain verification ({0}); "
                    + "chains are verified against the anchors only", FallbackReading.firstLine(e));
            return java.util.Optional.empty();
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(String osName) {
        return osName != null && osName.startsWith("Windows");
    }

    @Override
    public TrustStoreReport read() throws TrustStoreException {
        return FallbackReading.nativeOrFallback(ID, NATIVE_LOCATION,
                report -> new WindowsStoreReading(stores.get(), report, Instant.now()).read() > 0 ? null
                        : "no certificate store could be opened",
                "the Windows certificate stores", fallback,
                "Disallowed, enhanced key usage and Microsoft's partial distrust not applied");
    }

    @Override
    public String remedyWhenEmpty() {
        return "List the stores with `certutil -store -user root`, `certutil -store root` and `certutil -store "
                + "disallowed`, and add a root with `certutil -addstore root <cert>` (or certlm.msc). Windows "
                + "installs Microsoft's roots lazily, the first time something needs one: `certutil "
                + "-generateSSTFromWU roots.sst` fetches the current list, which can then be imported.";
    }
}
