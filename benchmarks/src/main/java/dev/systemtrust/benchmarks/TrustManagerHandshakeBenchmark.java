package dev.systemtrust.benchmarks;

import dev.systemtrust.SystemTrust;
import dev.systemtrust.Verification;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full TLS 1.3 handshakes per second on loopback with a trust manager built once, as a server process uses it:
 * the JDK's default PKIX trust manager over the SystemTrust anchors ({@code jdk-pkix}), the live SystemTrust trust
 * manager ({@code systemtrust-live}: PKIX over the same anchors plus the OS intermediates, the distrust checker
 * and the store re-check), and the OS-verifying trust manager around a verifier that accepts everything
 * ({@code systemtrust-os-verifier}: what it adds on its own). {@code tmf-per-handshake} is the shape the
 * OS-verifying trust manager had before it cached its checks: a PKCS12 KeyStore and a {@code TrustManagerFactory}
 * built on every handshake to run the JDK's checks anchored at the chain's top. Each handshake is fully verified: the session is
 * invalidated so the next one cannot resume, and setup checks that every handshake reached the trust manager.
 * The server's CA comes from {@code -Dbench.pki=<dir>} and reaches the OS store through {@code SSL_CERT_FILE}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 2, jvmArgsAppend = "-Dsystemtrust.backend=bench-os-verifier")
public class TrustManagerHandshakeBenchmark {
    @Param({"jdk-pkix", "systemtrust-live", "systemtrust-os-verifier", "tmf-per-handshake"})
    public String trustManager;

    private SSLServerSocket server;
    private SSLContext client;
    private X509ExtendedTrustManager checker;
    private X509Certificate[] serverChain;
    private final AtomicLong verifications = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path pki = Path.of(System.getProperty("bench.pki", "benchmarks/target/bench-pki"));
        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("server.p12"))) {
            serverKeys.load(in, "bench".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverKeys, "bench".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serve, "bench-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();

        try (InputStream in = Files.newInputStream(pki.resolve("server.pem"))) {
            serverChain = new X509Certificate[] {
                (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)};
        }
        checker = trustManagerUnderTest();
        client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new Counting(trustManagerUnderTest())}, null);
        handshake();
        handshake();
        if (verifications.get() != 2) {
            throw new IllegalStateException("handshakes resumed instead of verifying: " + verifications.get());
        }
    }

    private X509ExtendedTrustManager trustManagerUnderTest() throws Exception {
        switch (trustManager) {
            case "jdk-pkix":
                TrustManagerFactory pkix = TrustManagerFactory.getInstance("PKIX");
                pkix.init(SystemTrust.keyStore());
                return (X509ExtendedTrustManager) pkix.getTrustManagers()[0];
            case "systemtrust-live":
                return SystemTrust.trustManager(Verification.ANCHORS);
            case "systemtrust-os-verifier":
                return SystemTrust.trustManager(Verification.OS);
            case "tmf-per-handshake":
                return new FactoryPerHandshake();
            default:
                throw new IllegalArgumentException(trustManager);
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setTcpNoDelay(true); // no Nagle stalls between the handshake's small messages
                socket.startHandshake();
                socket.getInputStream().read();
            } catch (Exception ignored) {
                // a client that closed, or the server closing: keep serving until closed
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
    }

    @Benchmark
    public String handshake() throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            socket.getSession().invalidate();
            return socket.getSession().getProtocol();
        }
    }

    /**
     * The trust manager's own share of a handshake, without sockets or cryptography of the handshake itself: one
     * server-chain check as the handshake makes it (the 2-argument form: no host name).
     */
    @Benchmark
    public X509Certificate[] checkServerTrusted() throws CertificateException {
        checker.checkServerTrusted(serverChain, "ECDHE_ECDSA");
        return serverChain;
    }

    /** The JDK's checks anchored at the chain's top, with a new KeyStore and factory each time. */
    private static final class FactoryPerHandshake extends X509ExtendedTrustManager {
        private static X509ExtendedTrustManager anchoredAtTop(X509Certificate[] chain) throws CertificateException {
            try {
                KeyStore top = KeyStore.getInstance("PKCS12");
                top.load(null, null);
                top.setCertificateEntry("accepted-by-the-os", chain[chain.length - 1]);
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(top);
                return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
            } catch (Exception e) {
                throw new CertificateException(e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            anchoredAtTop(chain).checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            anchoredAtTop(chain).checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            anchoredAtTop(chain).checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Counts server-chain checks, so setup can prove that no handshake was resumed. */
    private final class Counting extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;

        Counting(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            verifications.incrementAndGet();
            delegate.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            verifications.incrementAndGet();
            delegate.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            verifications.incrementAndGet();
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
