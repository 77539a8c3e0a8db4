package dev.systemtrust;

import dev.systemtrust.tls.TrustChanges;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Security;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One-line access to the operating system's trust store.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.newBuilder().sslContext(SystemTrust.sslContext()).build();
 * }</pre>
 *
 * <p>Each method reads the OS store through the backend for this OS, reusing the last read while the store is
 * unchanged, and fails with an {@link IOException} naming every place searched when the store cannot be read or
 * holds no anchor.
 */
public final class SystemTrust {
    static final String TRUST_STORE = "javax.net.ssl.trustStore";
    static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";
    static final String TMF_ALGORITHM = "ssl.TrustManagerFactory.algorithm";
    private static final System.Logger LOG = System.getLogger("dev.systemtrust");

    private SystemTrust() {
    }

    /**
     * The OS anchors as a loaded, read-only {@code SystemTrust} KeyStore: a snapshot, as any loaded KeyStore is.
     * Handed to the JDK's own PKIX it trusts these anchors but cannot know what the OS distrusts below them (an
     * intermediate, say); {@link #trustManager()} can.
     */
    public static KeyStore keyStore() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE, provider());
            store.load(null, null);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the SystemTrust KeyStore is always available", e);
        }
    }

    /**
     * The live {@code SystemTrust} trust manager, verifying as {@code -Dsystemtrust.verify} says (default
     * {@link Verification#ANCHORS}): it follows the OS store while the JVM runs, rejects chains through any
     * certificate the OS distrusts, and builds paths through intermediates the OS holds.
     */
    public static X509ExtendedTrustManager trustManager() throws IOException {
        return trustManager(Verification.fromSystemProperty());
    }

    /** The live {@code SystemTrust} trust manager, verifying as {@code verification} says. */
    public static X509ExtendedTrustManager trustManager(Verification verification) throws IOException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(
                    SystemTrustProvider.TRUST_MANAGER_FACTORY_ALGORITHM, provider());
            factory.init(new SystemTrustParameters(verification));
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the SystemTrust TrustManagerFactory made no X509 trust manager");
        } catch (InvalidAlgorithmParameterException e) {
            throw unwrapped(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the SystemTrust TrustManagerFactory is always available", e);
        }
    }

    /**
     * A TLS {@code SSLContext} trusting what the OS trusts, through {@link #trustManager()}; no client certificate
     * (key managers: none), the JDK's default {@code SecureRandom}. When the OS store's trust changes, the sessions
     * it cached are forgotten, so no connection resumes a session checked against the old trust.
     */
    public static SSLContext sslContext() throws IOException {
        X509ExtendedTrustManager trustManager = trustManager();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            TrustChanges.forgetSessionsOnChange(trustManager, context);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has a TLS SSLContext", e);
        }
    }

    /**
     * What {@code -javaagent:systemtrust-agent.jar} does, for the top of {@code main} (before anything uses TLS,
     * since the JDK builds its default {@code SSLContext} once): registers the provider and, unless
     * {@code javax.net.ssl.trustStore} or a {@code trustStoreType} other than SystemTrust was set (then nothing else
     * changes: the trust store you chose stays in charge), makes {@code SystemTrust} the default trust store type and
     * the default {@code TrustManagerFactory} algorithm, unless the security properties chose one other than the
     * JDK's. Reads nothing; safe to call more than once.
     */
    public static void install() {
        if (Security.getProvider(SystemTrustProvider.NAME) == null) {
            // Appended, not inserted first: SystemTrust's service names are its own, so no JDK service is shadowed.
            Security.addProvider(new SystemTrustProvider());
        }
        String chosenStore = System.getProperty(TRUST_STORE);
        String chosenType = System.getProperty(TRUST_STORE_TYPE);
        if (chosenStore != null || (chosenType != null && !SystemTrustProvider.KEYSTORE_TYPE.equals(chosenType))) {
            // The user chose a trust store: libraries calling init(null) on the default factory must keep getting
            // it, which the SystemTrust factory (init(null) = the OS store) would not give them.
            LOG.log(System.Logger.Level.INFO, "SystemTrust: javax.net.ssl.trustStore/trustStoreType set by the user, "
                    + "left as is, and the default TrustManagerFactory with it");
            return;
        }
        System.setProperty(TRUST_STORE_TYPE, SystemTrustProvider.KEYSTORE_TYPE);
        String configured = Security.getProperty(TMF_ALGORITHM);
        if (configured == null || configured.equals("PKIX") || configured.equals("SunX509")) {
            Security.setProperty(TMF_ALGORITHM, SystemTrustProvider.TRUST_MANAGER_FACTORY_ALGORITHM);
        }
    }

    /** {@link #install()}, and {@code -Dsystemtrust.verify} set to {@code verification}. */
    public static void install(Verification verification) {
        System.setProperty(Verification.PROPERTY, verification.name().toLowerCase(java.util.Locale.ROOT));
        install();
    }

    private static SystemTrustProvider provider() {
        java.security.Provider registered = Security.getProvider(SystemTrustProvider.NAME);
        return registered instanceof SystemTrustProvider systemTrust ? systemTrust : new SystemTrustProvider();
    }

    /** The TrustManagerFactory carries a read failure as the cause of a parameter exception: give it back. */
    private static IOException unwrapped(InvalidAlgorithmParameterException e) {
        Throwable cause = e.getCause();
        if (cause instanceof KeyStoreException && cause.getCause() instanceof IOException io) {
            return io;
        }
        return cause instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
