package dev.systemtrust.cli.check;

import java.util.Optional;

/**
 * How {@code check} reaches the server: directly, or through an HTTP proxy with CONNECT, and which setting decided.
 *
 * @param proxy  the proxy, if one is used
 * @param reason what decided, in words ("HTTPS_PROXY", "--proxy", "NO_PROXY matches localhost", "no proxy set")
 */
record ProxyRoute(Optional<Proxy> proxy, String reason) {

    /**
     * An HTTP proxy that tunnels with CONNECT.
     *
     * @param host        host name or IP literal (IPv6 without brackets)
     * @param port        TCP port
     * @param credentials {@code user:password} for Basic authentication, from the proxy URL, or {@code null}
     */
    record Proxy(String host, int port, String credentials) {
        /** host:port, never the credentials. */
        String address() {
            return CheckTarget.authority(host, port);
        }
    }

    static ProxyRoute direct(String reason) {
        return new ProxyRoute(Optional.empty(), reason);
    }

    static ProxyRoute through(Proxy proxy, String reason) {
        return new ProxyRoute(Optional.of(proxy), reason);
    }

    String describe() {
        return proxy.map(p -> "through HTTP proxy " + p.address() + " (" + reason + ")")
                .orElse("direct (" + reason + ")");
    }
}
