package dev.systemtrust.tls;

import dev.systemtrust.spi.ServerChainVerifier;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server chains are judged by the OS ({@link ServerChainVerifier}), given the host the client asked for (the SNI
 * name of the handshake, else the peer host) and any OCSP responses the server stapled. Once the OS accepts, no
 * certificate of the chain may be one the OS store distrusts, and the JDK's own PKIX checks run with the top of
 * the chain as their only anchor: endpoint identification as the connection asked for it, algorithm constraints,
 * key usage. That adds no trust the OS did not give, and leaves nothing weaker than the JDK's default. Client
 * chains and the accepted issuers come from the live PKIX over the OS store.
 */
final class OsVerifyingTrustManager extends X509ExtendedTrustManager {
    /** Chains end in few distinct certificates (the roots of the servers a process talks to). */
    private static final int MAX_CACHED_TOPS = 64;

    private final ServerChainVerifier verifier;
    private final LiveTrustManager anchors;
    private final Map<X509Certificate, X509ExtendedTrustManager> checksAnchoredAtTop = new ConcurrentHashMap<>();

    OsVerifyingTrustManager(ServerChainVerifier verifier, LiveTrustManager anchors) {
        this.verifier = verifier;
        this.anchors = anchors;
    }

    /** The live PKIX over the OS store behind this manager's client checks and accepted issuers. */
    LiveTrustManager anchors() {
        return anchors;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verifyByOs(chain, authType, null, null);
        jdkChecksAnchoredAtTop(chain).checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        verifyByOs(chain, authType, session, socket == null || socket.getInetAddress() == null ? null
                : socket.getInetAddress().getHostName());
        jdkChecksAnchoredAtTop(chain).checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verifyByOs(chain, authType, engine == null ? null : engine.getHandshakeSession(),
                engine == null ? null : engine.getPeerHost());
        jdkChecksAnchoredAtTop(chain).checkServerTrusted(chain, authType, engine);
    }

    private void verifyByOs(X509Certificate[] chain, String authType, SSLSession session, String peerHost)
            throws CertificateException {
        verifier.verifyServer(chain, authType, hostOf(session, peerHost), stapledOcsp(session));
        OsDistrustChecker.checkSentChain(anchors.distrust(), chain);
    }

    /** The JDK's PKIX trust manager trusting only the last certificate of a chain the OS has accepted. */
    private X509ExtendedTrustManager jdkChecksAnchoredAtTop(X509Certificate[] chain) throws CertificateException {
        X509Certificate top = chain[chain.length - 1];
        X509ExtendedTrustManager cached = checksAnchoredAtTop.get(top);
        if (cached != null) {
            return cached;
        }
        X509ExtendedTrustManager checks;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("accepted-by-the-os", top);
            checks = PkixOverOsStore.onlyTrustManager(PkixOverOsStore.overKeyStore(store));
        } catch (IOException | GeneralSecurityException e) {
            throw new CertificateException("cannot run the JDK's checks on a chain the OS accepted", e);
        }
        if (checksAnchoredAtTop.size() >= MAX_CACHED_TOPS) {
            checksAnchoredAtTop.clear();
        }
        checksAnchoredAtTop.put(top, checks);
        return checks;
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

    /** What the server stapled (empty when nothing, or when the JDK did not ask for it). */
    static List<byte[]> stapledOcsp(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            try {
                return extended.getStatusResponses();
            } catch (UnsupportedOperationException e) {
                return List.of();
            }
        }
        return List.of();
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

    /** The OS anchors: OkHttp's certificate pinning and Netty's OpenSSL contexts read them. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.getAcceptedIssuers();
    }
}
