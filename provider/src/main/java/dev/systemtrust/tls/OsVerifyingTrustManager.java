package dev.systemtrust.tls;

import dev.systemtrust.spi.ServerChainVerifier;
import java.net.Socket;
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
 * name of the handshake, else the peer host. The OS check includes the host name, so nothing the JDK's endpoint
 * identification would catch is lost. Client chains and the accepted issuers come from PKIX over the OS anchors.
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
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        verifier.verifyServer(chain, authType, hostOf(session, socket == null || socket.getInetAddress() == null
                ? null : socket.getInetAddress().getHostName()));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verifier.verifyServer(chain, authType, hostOf(engine == null ? null : engine.getHandshakeSession(),
                engine == null ? null : engine.getPeerHost()));
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
