package dev.systemtrust.cli.check;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Asks an HTTP proxy, over an open socket, for a tunnel to the server ({@code CONNECT host:port}), as browsers and
 * curl do behind corporate proxies. Reads the proxy's answer byte by byte, so not one byte of the TLS stream that
 * follows is consumed.
 */
final class HttpConnectTunnel {
    private static final int MAX_ANSWER_BYTES = 16 * 1024;

    private HttpConnectTunnel() {
    }

    /** Returns once the proxy answered 2xx; otherwise a message with the proxy's status line and what to do. */
    static void open(Socket proxy, ProxyRoute.Proxy settings, CheckTarget target) throws IOException, ProxyRefusal {
        StringBuilder request = new StringBuilder()
                .append("CONNECT ").append(target.authority()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.authority()).append("\r\n")
                .append("User-Agent: systemtrust-check\r\n");
        if (settings.credentials() != null) {
            request.append("Proxy-Authorization: Basic ").append(Base64.getEncoder()
                    .encodeToString(settings.credentials().getBytes(StandardCharsets.UTF_8))).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = proxy.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String answer = readHead(proxy.getInputStream());
        String statusLine = answer.lines().findFirst().orElse("");
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status >= 200 && status < 300) {
            return;
        }
        String proxyName = "the proxy " + settings.address();
        if (status == 407) {
            throw new ProxyRefusal(proxyName + " requires authentication (" + statusLine + "): put the credentials "
                    + "in the proxy URL, http://user:password@host:port (Basic only; NTLM and Kerberos proxies are "
                    + "not supported)");
        }
        if (status < 0) {
            throw new ProxyRefusal(proxyName + " did not answer CONNECT with HTTP: '" + statusLine + "'");
        }
        throw new ProxyRefusal(proxyName + " refused CONNECT " + target.authority() + ": " + statusLine);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the proxy closed the connection before answering CONNECT");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > MAX_ANSWER_BYTES) {
                throw new IOException("the proxy's answer to CONNECT exceeds " + MAX_ANSWER_BYTES + " bytes");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** The proxy answered, but not with a tunnel. */
    static final class ProxyRefusal extends Exception {
        private static final long serialVersionUID = 1L;

        ProxyRefusal(String message) {
            super(message);
        }
    }
}
