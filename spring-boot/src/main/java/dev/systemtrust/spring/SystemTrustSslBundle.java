package dev.systemtrust.spring;

import dev.systemtrust.SystemTrustProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * The {@value #NAME} SSL bundle: trust from the operating system, no client key.
 *
 * <p>Its trust managers come from {@code TrustManagerFactory.getInstance("SystemTrust")} initialised with
 * {@code init((KeyStore) null)}, which means the OS store, followed while the JVM runs. For integrations that ask
 * the bundle for a trust <em>store</em> instead, {@link SslStoreBundle#getTrustStore()} is the read-only
 * {@code SystemTrust} KeyStore, loaded when first asked for. Both are created on first use, so registering the
 * bundle reads nothing; a machine without any trusted certificate fails then, with the message naming every
 * place searched.
 */
public final class SystemTrustSslBundle {
    /** The bundle's name, as used with {@code SslBundles.getBundle} and {@code spring.ssl.bundle} properties. */
    public static final String NAME = "systemtrust";

    private SystemTrustSslBundle() {
    }

    /**
     * A new bundle over the OS trust store.
     *
     * @return a bundle whose managers and stores are created on first use
     */
    public static SslBundle create() {
        return SslBundle.of(new TrustStoreOnly(), SslBundleKey.NONE, SslOptions.NONE, SslBundle.DEFAULT_PROTOCOL,
                new OsTrustManagers());
    }

    private static SystemTrustProvider provider() {
        return new SystemTrustProvider();
    }

    /** Trust managers from the SystemTrust factory; key managers with no key (the bundle supplies trust only). */
    private static final class OsTrustManagers implements SslManagerBundle {
        private TrustManagerFactory trustManagers;
        private KeyManagerFactory keyManagers;

        @Override
        public synchronized TrustManagerFactory getTrustManagerFactory() {
            if (trustManagers == null) {
                try {
                    TrustManagerFactory factory = TrustManagerFactory.getInstance(
                            SystemTrustProvider.TRUST_MANAGER_FACTORY_ALGORITHM, provider());
                    factory.init((KeyStore) null);
                    trustManagers = factory;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("SSL bundle \"" + NAME + "\": cannot read the OS trust store: "
                            + e.getMessage(), e);
                }
            }
            return trustManagers;
        }

        @Override
        public synchronized KeyManagerFactory getKeyManagerFactory() {
            if (keyManagers == null) {
                try {
                    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    factory.init(null, null);
                    keyManagers = factory;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("SSL bundle \"" + NAME + "\": no key manager factory", e);
                }
            }
            return keyManagers;
        }
    }

    /** No key store; the trust store is the SystemTrust KeyStore. */
    private static final class TrustStoreOnly implements SslStoreBundle {
        private KeyStore trustStore;

        @Override
        public KeyStore getKeyStore() {
            return null;
        }

        @Override
        public String getKeyStorePassword() {
            return null;
        }

        @Override
        public synchronized KeyStore getTrustStore() {
            if (trustStore == null) {
                try {
                    KeyStore store = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE, provider());
                    store.load(null, null);
                    trustStore = store;
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("SSL bundle \"" + NAME + "\": cannot read the OS trust store: "
                            + e.getMessage(), e);
                }
            }
            return trustStore;
        }
    }
}
