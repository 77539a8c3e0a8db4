package dev.systemtrust.tls;

import dev.systemtrust.spi.ServerChainVerifier;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server chains are judged by the OS ({@link ServerChainVerifier}), given the host the client asked for: the SNI
 * name of the handshake, else the peer host. Once the OS accepts, the JDK's own PKIX checks run too, with the top of
 * the chain as their only anchor: endpoint identification as the connection asked for it, algorithm constraints,
 * key usage. That adds no trust the OS did not give, and leaves nothing weaker than the JDK's default. Client chains
 * and the accepted issuers come from PKIX over the OS anchors.
 */
final class OsVerifyingTrustManager extends X509ExtendedTrustManager {
    private final ServerChainVerifier verifier;
    private final X509ExtendedTrustManager anchors;

    OsVerifyingTrustManager(ServerChainVerifier verifier, X509ExtendedTrustManager anchors) {
        this.verifier = verifier;
        this.anchors = anchors;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifier.verifyServer(chain, authType, null);
        jdkChecksAnchoredAtTop(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        verifier.verifyServer(chain, authType, hostOf(session, socket == null || socket.getInetAddress() == null
                ? null : socket.getInetAddress().getHostName()));
        jdkChecksAnchoredAtTop(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verifier.verifyServer(chain, authType, hostOf(engine == null ? null : engine.getHandshakeSession(),
                engine == null ? null : engine.getPeerHost()));
        jdkChecksAnchoredAtTop(chain).checkServerTrusted(chain, authType, engine);
    }

    /** The JDK's PKIX trust manager trusting only the last certificate of a chain the OS has accepted. */
    private static X509ExtendedTrustManager jdkChecksAnchoredAtTop(X509Certificate[] chain)
            throws CertificateException {
        try {
            KeyStore top = KeyStore.getInstance("PKCS12");
            top.load(null, null);
            top.setCertificateEntry("accepted-by-the-os", chain[chain.length - 1]);
            return (X509ExtendedTrustManager) SystemTrustManagerFactorySpi.pkix(top)[0];
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateException("cannot run the JDK's checks on a chain the OS accepted", e);
        }
    }

    /** The SNI host name the client sent, else the host it connected to, else {@code null}. */
    static String hostOf(SSLSession session, String peerHost) {
        if (session instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        if (session != null && session.getPeerHost() != null) {
            return session.getPeerHost();
        }
        return peerHost;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        anchors.checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        anchors.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        anchors.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.getAcceptedIssuers();
    }
}
