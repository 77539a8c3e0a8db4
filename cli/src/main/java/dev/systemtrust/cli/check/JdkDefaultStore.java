package dev.systemtrust.cli.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.function.UnaryOperator;

/**
 * The trust store this JVM's JSSE uses when nobody chose another, found as the JDK's {@code TrustStoreManager}
 * finds it: {@code javax.net.ssl.trustStore} (with {@code trustStoreType}, {@code trustStoreProvider},
 * {@code trustStorePassword}), else {@code jssecacerts}, else {@code cacerts} under {@code java.home}. Only used to
 * name the store and its anchors; the verdict itself comes from the JDK's PKIX factory initialised with
 * {@code null}, which makes that choice itself.
 */
final class JdkDefaultStore {
    private final UnaryOperator<String> properties;

    JdkDefaultStore(UnaryOperator<String> properties) {
        this.properties = properties;
    }

    /** The file (or "NONE") the JDK reads, in words. */
    String describe() {
        String named = properties.apply("javax.net.ssl.trustStore");
        if (named != null) {
            return named + " (javax.net.ssl.trustStore)";
        }
        return defaultFile().toString();
    }

    private Path defaultFile() {
        Path security = Path.of(properties.apply("java.home"), "lib", "security");
        Path jssecacerts = security.resolve("jssecacerts");
        return Files.isRegularFile(jssecacerts) ? jssecacerts : security.resolve("cacerts");
    }

    KeyStore load() throws IOException, GeneralSecurityException {
        String named = properties.apply("javax.net.ssl.trustStore");
        String type = properties.apply("javax.net.ssl.trustStoreType");
        String provider = properties.apply("javax.net.ssl.trustStoreProvider");
        String password = properties.apply("javax.net.ssl.trustStorePassword");
        type = type == null || type.isEmpty() ? KeyStore.getDefaultType() : type;
        KeyStore store = provider == null || provider.isEmpty() ? KeyStore.getInstance(type)
                : KeyStore.getInstance(type, provider);
        char[] secret = password == null || password.isEmpty() ? null : password.toCharArray();
        if ("NONE".equals(named)) {
            store.load(null, secret);
            return store;
        }
        try (InputStream in = Files.newInputStream(named == null ? defaultFile() : Path.of(named))) {
            store.load(in, secret);
        }
        return store;
    }
}
