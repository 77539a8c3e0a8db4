package dev.systemtrust.macos;

import dev.systemtrust.spi.FallbackReading;
import dev.systemtrust.spi.RootStoreFallback;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads the macOS trust settings (User, Admin and System domains) and the keychains' intermediates through
 * Security.framework, deciding trust for TLS servers as trustd does. When Security.framework cannot be used at all,
 * falls back to the JDK's {@code KeychainStore-ROOT}, loudly.
 */
public final class MacosBackend implements TrustStoreBackend {
    public static final String ID = "macos";
    private static final System.Logger LOG = System.getLogger("dev.systemtrust.macos");
    static final String NATIVE_LOCATION = "Security.framework via JNA";

    private final Supplier<TrustSettingsSource> sources;
    private final RootStoreFallback fallback;
    private final Supplier<ChainTrustEvaluator> evaluators;

    /** For ServiceLoader: loads nothing native until {@link #read()} or {@link #serverChainVerifier()}. */
    public MacosBackend() {
        this(NativeAccess::trustSettingsSource, new JdkKeychainRootFallback(), NativeAccess::chainEvaluator);
    }

    MacosBackend(Supplier<TrustSettingsSource> sources, RootStoreFallback fallback,
            Supplier<ChainTrustEvaluator> evaluators) {
        this.sources = sources;
        this.fallback = fallback;
        this.evaluators = evaluators;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(String osName) {
        return osName != null && osName.startsWith("Mac");
    }

    @Override
    public TrustStoreReport read() throws TrustStoreException {
        return FallbackReading.nativeOrFallback(ID, NATIVE_LOCATION, report -> {
            TrustSettingsReading.Outcome outcome = new TrustSettingsReading(sources.get(), report).read();
            return outcome.usable() ? null : outcome.failure();
        }, "the macOS trust settings", fallback, "User/Admin trust settings (including Deny) not applied");
    }

    @Override
    public String remedyWhenEmpty() {
        return "Check the trust settings with `security dump-trust-settings` (add -d for Admin, -s for System); "
                + "trust a root with Keychain Access "
                + "(Always Trust) or `sudo security add-trusted-cert -d -r trustRoot -k "
                + "/Library/Keychains/System.keychain <cert>`. If JNA cannot load, run on JDK 23+ so the "
                + "KeychainStore-ROOT fallback exists.";
    }

    /**
     * SecTrust evaluation; empty, with a WARNING, when Security.framework cannot be loaded or lacks
     * {@code SecTrustEvaluateWithError} (before macOS 10.14): PKIX over the anchors then applies instead of every
     * handshake failing.
     */
    @Override
    public Optional<ServerChainVerifier> serverChainVerifier() {
        try {
            return Optional.of(new MacServerChainVerifier(evaluators.get()));
        } catch (LinkageError | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "SystemTrust cannot use macOS trust evaluation ({0}); "
                    + "chains are verified against the anchors only", FallbackReading.firstLine(e));
            return Optional.empty();
        }
    }
}
