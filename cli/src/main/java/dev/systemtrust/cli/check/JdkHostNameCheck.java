package dev.systemtrust.cli.check;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's HTTPS host-name check alone, on a live handshake: the JDK's PKIX trust manager is given a store holding
 * only the server's own certificate, so path validation ends at once (a trusted end-entity certificate is its own
 * path) and what remains is the endpoint identification the handshake asks for, with the SNI name or peer host the
 * JDK would use. Nothing here decides trust; it answers "does the certificate name this host".
 */
final class JdkHostNameCheck {
    /** One of {@link X509ExtendedTrustManager}'s checkServerTrusted overloads, bound to the live handshake. */
    interface OnHandshake {
        void check(X509ExtendedTrustManager trustManager, X509Certificate[] chain) throws CertificateException;
    }

    private JdkHostNameCheck() {
    }

    static HostNameVerdict of(X509Certificate leaf, String name, OnHandshake handshake) {
        try {
            handshake.check(leafOnly(leaf), new X509Certificate[] {leaf});
            return new HostNameVerdict(name, true, "");
        } catch (CertificateException e) {
            return new HostNameVerdict(name, false, e.getMessage());
        }
    }

    private static X509ExtendedTrustManager leafOnly(X509Certificate leaf) throws CertificateException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", leaf);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateException("cannot set up the JDK's host-name check: " + e, e);
        }
    }
}
