package dev.systemtrust.tls;

import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.spi.ServerChainVerifier;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Optional;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code TrustManagerFactory.getInstance("SystemTrust")}: trust decided by the operating system.
 *
 * <p>{@code init(null)}, {@code init} with a SystemTrust KeyStore, and {@code init} with the JDK's default trust
 * store when the user named none (what the default SSLContext passes) use the OS store; where the OS backend can verify chains itself (macOS
 * SecTrust, Windows CertVerifyCertificateChainPolicy) server chains go to the OS, so roots it installs on demand and
 * constraints an anchor list cannot express apply; elsewhere (Linux) PKIX validates against the OS anchors. Client
 * chains are always checked with PKIX over the anchors. Any other KeyStore (the caller's own, or the file named by
 * {@code javax.net.ssl.trustStore}) means PKIX over that KeyStore, as the JDK's own factory does: an explicit choice
 * is never silently replaced.
 */
public final class SystemTrustManagerFactorySpi extends TrustManagerFactorySpi {
    private TrustManager[] managers;

    @Override
    protected void engineInit(KeyStore keyStore) throws KeyStoreException {
        try {
            if (keyStore != null && !SystemTrustProvider.KEYSTORE_TYPE.equals(keyStore.getType())
                    && !JdkDefaultTrustStore.isHandedByDefault(keyStore)) {
                managers = pkix(keyStore);
                return;
            }
            KeyStore system = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE, new SystemTrustProvider());
            system.load(null, null);
            X509ExtendedTrustManager anchors = (X509ExtendedTrustManager) pkix(system)[0];
            Optional<ServerChainVerifier> verifier = OsChainVerification.forThisOs();
            managers = new TrustManager[] {verifier.isPresent()
                    ? new OsVerifyingTrustManager(verifier.get(), anchors) : anchors};
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyStoreException("SystemTrust TrustManagerFactory cannot read the OS trust store: "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
        throw new InvalidAlgorithmParameterException("SystemTrust takes no ManagerFactoryParameters: use init(null) "
                + "for the OS trust store, or init(keyStore) for PKIX over a KeyStore of yours");
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        if (managers == null) {
            throw new IllegalStateException("TrustManagerFactory SystemTrust is not initialized: call init(null)");
        }
        return managers.clone();
    }

    static TrustManager[] pkix(KeyStore keyStore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(keyStore);
        return factory.getTrustManagers();
    }
}
