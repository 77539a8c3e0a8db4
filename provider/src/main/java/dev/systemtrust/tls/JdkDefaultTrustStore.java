package dev.systemtrust.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises the trust store the JDK hands to {@code TrustManagerFactory.init} for the default SSLContext when the
 * user chose none: {@code jssecacerts}, else {@code cacerts}, with {@code javax.net.ssl.trustStore} unset, passed by
 * the JDK's own SSLContext code. That is no choice of the user's, so the SystemTrust factory may replace it with the
 * OS store; any other KeyStore, including a copy of cacerts an application loaded itself, is a choice.
 */
final class JdkDefaultTrustStore {
    private JdkDefaultTrustStore() {
    }

    static boolean isHandedByDefault(KeyStore keyStore) {
        if (System.getProperty("javax.net.ssl.trustStore") != null || !calledByTheJdksSslContext()) {
            return false;
        }
        Path security = Path.of(System.getProperty("java.home"), "lib", "security");
        Path file = Files.isRegularFile(security.resolve("jssecacerts")) ? security.resolve("jssecacerts")
                : security.resolve("cacerts");
        try {
            return certificates(keyStore).equals(certificates(load(file)));
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether the JDK's default-SSLContext code is initialising the factory. A JDK that names that code otherwise
     * gets PKIX over the store it passed, the JDK's own behaviour: never more trust than it asked for.
     */
    static boolean calledByTheJdksSslContext() {
        return calledFrom("sun.security.ssl.SSLContextImpl");
    }

    /** Whether the JDK is building the trust managers of its default {@code SSLContext}. */
    static boolean calledForTheDefaultSslContext() {
        return calledFrom("sun.security.ssl.SSLContextImpl$DefaultManagersHolder");
    }

    private static boolean calledFrom(String classNamePrefix) {
        return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                frame -> frame.getClassName().startsWith(classNamePrefix)));
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, null);
        }
        return store;
    }

    private static Set<Certificate> certificates(KeyStore store) throws GeneralSecurityException {
        Set<Certificate> certificates = new HashSet<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                certificates.add(store.getCertificate(alias));
            }
        }
        return certificates;
    }
}
