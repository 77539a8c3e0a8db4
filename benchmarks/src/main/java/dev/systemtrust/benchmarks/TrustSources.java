package dev.systemtrust.benchmarks;

import dev.systemtrust.SystemTrustProvider;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import nl.altindag.ssl.util.KeyStoreUtils;

/** The trust sources compared, each loaded the way its users load it. */
final class TrustSources {
    static final Provider SYSTEM_TRUST = new SystemTrustProvider();
    static final Path JDK_CACERTS = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
    static final Path DEBIAN_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private TrustSources() {
    }

    static KeyStore systemTrust() throws Exception {
        KeyStore store = KeyStore.getInstance("SystemTrust", SYSTEM_TRUST);
        store.load(null, null);
        return store;
    }

    static KeyStore pkcs12(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, null);
        }
        return store;
    }

    static Collection<? extends Certificate> certificateFactory(Path bundle) throws Exception {
        try (InputStream in = Files.newInputStream(bundle)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    static List<KeyStore> ayza() {
        return KeyStoreUtils.loadSystemKeyStores();
    }
}
