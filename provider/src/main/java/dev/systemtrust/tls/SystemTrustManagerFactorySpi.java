package dev.systemtrust.tls;

import dev.systemtrust.SystemTrustParameters;
import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Optional;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * {@code TrustManagerFactory.getInstance("SystemTrust")}: trust decided by the operating system, live.
 *
 * <p>{@code init(null)}, {@code init} with a SystemTrust KeyStore, {@code init} with the JDK's default trust store
 * when the user named none (what the default SSLContext passes), and {@code init(SystemTrustParameters)} give the
 * {@link LiveTrustManager}: PKIX over the OS anchors and intermediates that rejects whatever the OS distrusts at
 * any depth and follows the OS store while the JVM runs. With {@link Verification#OS} (chosen by
 * {@code -Dsystemtrust.verify=os} or the parameters), server chains go to the OS's own verifier where the backend
 * has one ({@link OsVerifyingTrustManager}). Any other KeyStore (the caller's own, or the file named by
 * {@code javax.net.ssl.trustStore}) means PKIX over that KeyStore, as the JDK's own factory does: an explicit choice
 * is never silently replaced.
 */
public final class SystemTrustManagerFactorySpi extends TrustManagerFactorySpi {
    private static final LiveStore.StoreReads PROVIDER_CACHE = new LiveStore.StoreReads() {
        @Override
        public TrustStoreReport current() throws IOException {
            return TrustStoreReader.readAnchors();
        }

        @Override
        public boolean changeCheckIsCheap() {
            return TrustStoreReader.changeCheckIsCheap();
        }
    };

    private TrustManager[] managers;

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
        try {
            if (keyStore != null && !SystemTrustProvider.KEYSTORE_TYPE.equals(keyStore.getType())
                    && !JdkDefaultTrustStore.isHandedByDefault(keyStore)) {
                managers = PkixOverOsStore.overKeyStore(keyStore);
                return;
            }
            TrustManager manager = osStore(Verification.fromSystemProperty());
            if (JdkDefaultTrustStore.calledForTheDefaultSslContext()) {
                TrustChanges.forgetDefaultContextSessionsOnChange(manager);
            }
            managers = new TrustManager[] {manager};
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyStoreException("SystemTrust TrustManagerFactory cannot read the OS trust store: "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
        if (!(parameters instanceof SystemTrustParameters systemTrust)) {
            throw new InvalidAlgorithmParameterException("SystemTrust takes SystemTrustParameters or no parameters: "
                    + "use init(null) for the OS trust store, or init(keyStore) for PKIX over a KeyStore of yours");
        }
        try {
            managers = new TrustManager[] {osStore(systemTrust.verification())};
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidAlgorithmParameterException("SystemTrust TrustManagerFactory cannot read the OS trust "
                    + "store: " + e.getMessage(), e);
        }
    }

    private static TrustManager osStore(Verification verification) throws IOException, GeneralSecurityException {
        LiveTrustManager live;
        if (TrustStoreReader.cachingEnabled()) {
            String backend = TrustStoreReader.selectedBackend().id();
            live = new LiveTrustManager(LiveStore.shared(backend + "#" + TrustStoreReader.cacheGeneration() + "#"
                    + PROVIDER_CACHE.changeCheckIsCheap(), PROVIDER_CACHE));
        } else {
            live = LiveTrustManager.create(PROVIDER_CACHE, System::nanoTime); // -Dsystemtrust.cache=false
        }
        if (verification == Verification.OS) {
            Optional<ServerChainVerifier> verifier = TrustStoreReader.selectedBackend().serverChainVerifier();
            if (verifier.isPresent()) {
                return new OsVerifyingTrustManager(verifier.get(), live);
            }
        }
        return live;
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (managers == null) {
            throw new IllegalStateException("TrustManagerFactory SystemTrust is not initialized: call init(null)");
        }
        return managers.clone();
    }
}
