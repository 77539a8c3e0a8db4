package dev.systemtrust.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Connection failures end in exit 3 with the reason; a proxy's refusal is reported with its status line. */
class ServedChainProbeTest {
    private static final CheckTarget SERVER = new CheckTarget("server.example", 443);

    /** A one-shot fake proxy: reads the request head, answers {@code answer} (or nothing), and hands back the head. */
    private static CompletableFuture<String> fakeProxy(ServerSocket listener, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket client = listener.accept()) {
                InputStream in = client.getInputStream();
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                if (answer != null) {
                    client.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    client.getOutputStream().flush();
                }
                in.read(); // hold the connection until the client gives up
                return head.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
    }

    @Test
    void aProxyAskingForCredentialsIsNamedWithItsStatusAndTheRemedy() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = fakeProxy(listener,
                    "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\n\r\n");
            ProxyRoute route = ProxyRoute.through(new ProxyRoute.Proxy("127.0.0.1", listener.getLocalPort(),
                    "alice:s3cret"), "--proxy");

            assertThatThrownBy(() -> new ServedChainProbe(Duration.ofSeconds(5)).run(SERVER, route))
                    .isInstanceOf(CouldNotConnectException.class)
                    .hasMessage("the proxy 127.0.0.1:" + listener.getLocalPort() + " requires authentication "
                            + "(HTTP/1.1 407 Proxy Authentication Required): put the credentials in the proxy URL, "
                            + "http://user:password@host:port (Basic only; NTLM and Kerberos proxies are not "
                            + "supported)");
            assertThat(request.get()).startsWith("CONNECT server.example:443 HTTP/1.1\r\n")
                    .contains("Host: server.example:443\r\n")
                    .contains("Proxy-Authorization: Basic YWxpY2U6czNjcmV0\r\n");
        }
    }

    @Test
    void aProxyThatNeverAnswersTimesOutWithinTheTimeout() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fakeProxy(listener, null);
            ProxyRoute route = ProxyRoute.through(new ProxyRoute.Proxy("127.0.0.1", listener.getLocalPort(), null),
                    "HTTPS_PROXY");
            long start = System.nanoTime();

            assertThatThrownBy(() -> new ServedChainProbe(Duration.ofSeconds(1)).run(SERVER, route))
                    .hasMessage("timed out after 1 s waiting for the answer of the proxy 127.0.0.1:"
                            + listener.getLocalPort() + " to CONNECT server.example:443");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aServerThatAcceptsButNeverHandshakesTimesOut() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            fakeProxy(listener, null);
            CheckTarget silent = new CheckTarget("127.0.0.1", listener.getLocalPort());

            assertThatThrownBy(() -> new ServedChainProbe(Duration.ofSeconds(1)).run(silent, ProxyRoute.direct("x")))
                    .hasMessage("timed out after 1 s waiting for the TLS handshake with " + silent.authority());
        }
    }

    @Test
    void aClosedPortIsAConnectionFailureNamingTheNetworkError() throws Exception {
        int closed;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = listener.getLocalPort();
        }
        CheckTarget target = new CheckTarget("127.0.0.1", closed);

        assertThatThrownBy(() -> new ServedChainProbe(Duration.ofSeconds(5)).run(target, ProxyRoute.direct("x")))
                .isInstanceOf(CouldNotConnectException.class)
                .hasMessage("could not connect to 127.0.0.1:" + closed + ": Connection refused");
    }
}
