package dev.systemtrust.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** An in-process TLS server on loopback that completes handshakes until closed. */
public final class TlsServer implements AutoCloseable {
    private final SSLServerSocket socket;

    private TlsServer(SSLServerSocket socket) {
        this.socket = socket;
        Thread acceptor = new Thread(this::serve, "test-tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Serves a certificate for localhost and 127.0.0.1 issued by {@code ca}. */
    public static TlsServer issuedBy(TestCertificates.Issued ca) {
        return issuedBy(ca, "localhost", "127.0.0.1");
    }

    /** Serves a certificate for {@code names} issued by {@code ca}. */
    public static TlsServer issuedBy(TestCertificates.Issued ca, String... names) {
        return sending(TestCertificates.server(ca, names), ca.certificate());
    }

    /** Serves {@code server}'s certificate followed by exactly {@code rest} (none: the leaf alone). */
    public static TlsServer sending(TestCertificates.Issued server, Certificate... rest) {
        Certificate[] chain = new Certificate[rest.length + 1];
        chain[0] = server.certificate();
        System.arraycopy(rest, 0, chain, 1, rest.length);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", server.keys().getPrivate(), new char[0], chain);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(factory.getKeyManagers(), null, null);
            return new TlsServer((SSLServerSocket) context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket client = (SSLSocket) socket.accept()) {
                client.setSoTimeout(5000);
                client.startHandshake();
                client.getInputStream().read();
            } catch (IOException ignored) {
                // a client that failed its handshake, or the server closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
