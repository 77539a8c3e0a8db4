package dev.systemtrust.cli.check;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets one handshake finish so the served chain can be judged afterwards: it records the chain the server sent (and
 * the JDK's host-name check on it) and trusts nothing. It lives in a private {@code SSLContext} made for a single
 * connection on which no application data is ever sent, and refuses to judge client chains.
 */
final class ChainRecorder extends X509ExtendedTrustManager {
    /** What the server presented. */
    record Recorded(List<X509Certificate> chain, String authType, HostNameVerdict hostName) {
    }

    private final String hostName;
    private volatile Recorded recorded;

    ChainRecorder(String hostName) {
        this.hostName = hostName;
    }

    /** The first chain the server sent, or {@code null} if it sent none. */
    Recorded recorded() {
        return recorded;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        record(chain, authType, () -> JdkHostNameCheck.of(chain[0], hostName,
                (trustManager, leaf) -> trustManager.checkServerTrusted(leaf, authType, socket)));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        record(chain, authType, () -> JdkHostNameCheck.of(chain[0], hostName,
                (trustManager, leaf) -> trustManager.checkServerTrusted(leaf, authType, engine)));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        record(chain, authType, () -> new HostNameVerdict(hostName, false,
                "not checked: the JDK gave no handshake to check it on"));
    }

    private void record(X509Certificate[] chain, String authType, Supplier<HostNameVerdict> check)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        if (recorded == null) {
            recorded = new Recorded(List.of(chain.clone()), authType, check.get());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("check only records server chains");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("check only records server chains");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("check only records server chains");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
