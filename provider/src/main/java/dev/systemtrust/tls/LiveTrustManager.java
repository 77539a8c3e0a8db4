package dev.systemtrust.tls;

import dev.systemtrust.spi.DistrustList;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The SystemTrust trust manager: PKIX over the OS store as it is now ({@link LiveStore}), rejecting whatever the OS
 * distrusts at any depth and building paths through the OS's intermediates.
 *
 * <p>A session the JDK resumes is not checked again by any trust manager, so "live" means the next full
 * handshake; {@link #onTrustChange} lets an owner of an {@code SSLContext} forget its sessions when trust changes.
 */
final class LiveTrustManager extends X509ExtendedTrustManager {
    private final LiveStore store;

    LiveTrustManager(LiveStore store) {
        this.store = store;
    }

    /** A trust manager over its own store, read now (tests; the factory shares one store per backend). */
    static LiveTrustManager create(LiveStore.StoreReads reads, LiveStore.Clock clock)
            throws IOException, GeneralSecurityException {
        return new LiveTrustManager(LiveStore.create(reads, clock));
    }

    /** The delegates for this handshake. */
    PkixOverOsStore delegate() {
        return store.delegates();
    }

    void onTrustChange(LiveStore.TrustChangeListener listener) {
        store.onTrustChange(listener);
    }

    /** What the OS distrusts in the read now in use. */
    DistrustList distrust() {
        return delegate().distrust();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        PkixOverOsStore delegate = delegate();
        try {
            delegate.server().checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw DistrustExplanation.of(delegate.distrust(), chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        PkixOverOsStore delegate = delegate();
        try {
            delegate.server().checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw DistrustExplanation.of(delegate.distrust(), chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        PkixOverOsStore delegate = delegate();
        try {
            delegate.server().checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw DistrustExplanation.of(delegate.distrust(), chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().client().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate().client().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().client().checkClientTrusted(chain, authType, engine);
    }

    /** The OS anchors now (OkHttp's pinning and Netty's OpenSSL contexts read them). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate().server().getAcceptedIssuers();
    }
}
