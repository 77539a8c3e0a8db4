package dev.systemtrust.macos;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The JDK's own {@code KeychainStore-ROOT} KeyStore (Apple provider, JDK 23+, JDK-8320362), which reads the
 * system roots keychain. Older JDKs only have {@code KeychainStore}, which holds the user's keychain items, not
 * the system roots, so it is deliberately not used: it would pass off a near-empty store as the OS's.
 */
final class JdkKeychainRootFallback implements RootKeyStoreFallback {
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
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        return certificates;
    }
}
