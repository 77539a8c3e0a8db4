package dev.systemtrust.macos;

import dev.systemtrust.spi.KeyStoreCertificates;
import dev.systemtrust.spi.RootStoreFallback;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The JDK's own {@code KeychainStore-ROOT} KeyStore (Apple provider, JDK 23+, JDK-8320362), which reads the
 * system roots keychain. Older JDKs only have {@code KeychainStore}, which holds the user's keychain items, not
 * the system roots, so it is deliberately not used: it would pass off a near-empty store as the OS's.
 */
final class JdkKeychainRootFallback implements RootStoreFallback {
    static final String TYPE = "KeychainStore-ROOT";

    @Override
    public String location() {
        return "JDK KeyStore " + TYPE;
    }

    @Override
    public List<X509Certificate> load() throws GeneralSecurityException, IOException {
        KeyStore store;
        try {
            store = KeyStore.getInstance(TYPE);
        } catch (KeyStoreException e) {
            throw new KeyStoreException(TYPE + " is not available in Java " + Runtime.version()
                    + " (it needs JDK 23 or later on macOS)", e);
        }
        store.load(null, null);
        return KeyStoreCertificates.all(store);
    }
}
