package dev.systemtrust.tls;

import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.spi.ServerChainVerifier;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server chains are judged by the OS ({@link ServerChainVerifier}), given the host the client asked to have checked
 * (the SNI name of the handshake, else the peer host; none when the connection asked for no endpoint
 * identification) and any OCSP responses the server stapled. Once the OS accepts, no certificate of the path the
 * OS validated may be one the OS store distrusts, and the JDK's own PKIX checks run over that path with its end as
 * their only anchor: endpoint identification as the connection asked for it, algorithm constraints, key usage. That adds no trust the OS did not give, and leaves nothing weaker than the JDK's default. Client
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
        X509Certificate[] path = verifyByOs(chain, authType, null, null);
        jdkChecksAnchoredAtTop(path).checkServerTrusted(path, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSocket ssl = socket instanceof SSLSocket s ? s : null;
        X509Certificate[] path = verifyByOs(chain, authType, ssl == null ? null : ssl.getHandshakeSession(),
                ssl == null ? null : ssl.getSSLParameters());
        jdkChecksAnchoredAtTop(path).checkServerTrusted(path, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        X509Certificate[] path = verifyByOs(chain, authType, engine == null ? null : engine.getHandshakeSession(),
                engine == null ? null : engine.getSSLParameters());
        jdkChecksAnchoredAtTop(path).checkServerTrusted(path, authType, engine);
    }

    /** The OS's verdict, then the store's distrust over the path the OS validated; returns that path. */
    private X509Certificate[] verifyByOs(X509Certificate[] chain, String authType, SSLSession session,
            SSLParameters parameters) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("the server's certificate chain is empty");
        }
        List<X509Certificate> verified = verifier.verifiedChain(chain, authType, hostToCheck(session, parameters),
                stapledOcsp(session));
        if (verified.isEmpty() || !verified.get(0).equals(chain[0])) {
            throw new CertificateException("the OS verifier reported a chain for another certificate than the "
                    + "server's");
        }
        X509Certificate[] path = verified.toArray(new X509Certificate[0]);
        OsDistrustChecker.checkSentChain(anchors.distrust(), path);
        if (path.length == 1) {
            // The JDK skips its end-entity checks for a certificate that is its own anchor: keep the purpose one.
            Optional<String> refusal = ServerAuthPurpose.refusalForServerCertificate(path[0]);
            if (refusal.isPresent()) {
                throw new CertificateException(OsDistrustChecker.name(path[0]) + " is not for TLS servers: "
                        + refusal.get());
            }
        }
        return path;
    }

    /**
     * The host name the OS should check the certificate against: only when the connection asked for endpoint
     * identification (as the JDK's own trust manager decides), so a client that checks no name gets no name check.
     */
    static String hostToCheck(SSLSession session, SSLParameters parameters) {
        if (parameters == null || parameters.getEndpointIdentificationAlgorithm() == null
                || parameters.getEndpointIdentificationAlgorithm().isEmpty()) {
            return null;
        }
        return hostOf(session);
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
    static String hostOf(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return session == null ? null : session.getPeerHost();
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
