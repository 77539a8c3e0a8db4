package dev.systemtrust.benchmarks;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
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
 * Load a trust source, {@code TrustManagerFactory.init}, and one full TLS 1.3 handshake against a local server.
 * The server's CA ({@code -Dbench.pki=<dir>} from {@code scripts/run-benchmarks}) reaches each source its own way:
 * SystemTrust through {@code SSL_CERT_FILE} (the OS-store path), the JDK through a copy of cacerts with the CA
 * added, ayza through an entry added to the store it returns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HandshakeBenchmark {
    @Param({"systemtrust", "jdk-cacerts", "ayza"})
    public String source;

    private SSLServerSocket server;
    private Thread acceptor;
    private Path cacertsWithCa;
    private X509Certificate benchCa;

    @Setup(Level.Trial)
    public void startServer() throws Exception {
        Path pki = Path.of(System.getProperty("bench.pki", "benchmarks/target/bench-pki"));
        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("server.p12"))) {
            serverKeys.load(in, "bench".toCharArray());
        }
        try (InputStream in = Files.newInputStream(pki.resolve("ca.pem"))) {
            benchCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore cacerts = TrustSources.pkcs12(TrustSources.JDK_CACERTS);
        cacerts.setCertificateEntry("systemtrust-bench-ca", benchCa);
        cacertsWithCa = Files.createTempFile("cacerts-bench", ".p12");
        try (var out = Files.newOutputStream(cacertsWithCa)) {
            cacerts.store(out, new char[0]);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverKeys, "bench".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "bench-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
            } catch (Exception ignored) {
                // a client that gave up, or the server closing: keep serving until closed
            }
        }
    }

    @TearDown(Level.Trial)
    public void stopServer() throws Exception {
        server.close();
        Files.deleteIfExists(cacertsWithCa);
    }

    private KeyStore trustStore() throws Exception {
        switch (source) {
            case "systemtrust":
                return TrustSources.systemTrust();
            case "jdk-cacerts":
                return TrustSources.pkcs12(cacertsWithCa);
            case "ayza":
                KeyStore store = TrustSources.ayza().get(0);
                store.setCertificateEntry("systemtrust-bench-ca", benchCa);
                return store;
            default:
                throw new IllegalArgumentException(source);
        }
    }

    @Benchmark
    public String initAndHandshake() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }
}
