package dev.systemtrust.cli.check;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The server to check: {@code https://host[:port][/path]} or {@code host[:port]} (port 443 by default; an IPv6
 * literal in brackets, {@code [::1]:8443}). Only the host and port are used: no request is ever sent.
 *
 * @param host the host name or IP literal (IPv6 without brackets), as the certificate must name it
 * @param port the TCP port
 */
record CheckTarget(String host, int port) {
    static final int HTTPS_PORT = 443;

    /** Parses what the user typed; a clear usage message when it is not an https URL or host[:port]. */
    static CheckTarget parse(String input) throws UsageException {
        String text = input.strip();
        if (text.isEmpty()) {
            throw new UsageException("check needs an https URL or host[:port]");
        }
        String authority = text;
        if (text.contains("://")) {
            String scheme = text.substring(0, text.indexOf("://")).toLowerCase(Locale.ROOT);
            if (!scheme.equals("https")) {
                throw new UsageException("check tests TLS servers: give an https:// URL or host[:port], not "
                        + scheme + "://");
            }
            try {
                URI uri = new URI(text);
                authority = uri.getRawAuthority();
            } catch (URISyntaxException e) {
                throw new UsageException("not a valid URL: " + text + " (" + e.getReason() + ")");
            }
            if (authority == null) {
                throw new UsageException("the URL names no host: " + text);
            }
            authority = authority.substring(authority.lastIndexOf('@') + 1);
        }
        return ofAuthority(authority, input);
    }

    private static CheckTarget ofAuthority(String authority, String input) throws UsageException {
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new UsageException("unclosed [ in " + input);
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new UsageException("unexpected text after ] in " + input);
                }
                port = rest.substring(1);
            }
        } else {
            int colon = authority.indexOf(':');
            if (colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
                throw new UsageException("write an IPv6 address in brackets: [" + authority + "]:443");
            }
            host = colon < 0 ? authority : authority.substring(0, colon);
            port = colon < 0 ? null : authority.substring(colon + 1);
        }
        if (host.isEmpty() || host.contains("/") || host.chars().anyMatch(Character::isWhitespace)) {
            throw new UsageException("not a host name: '" + host + "' in " + input);
        }
        return new CheckTarget(host, port == null ? HTTPS_PORT : port(port, input));
    }

    static int port(String text, String context) throws UsageException {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("not a TCP port (1-65535): '" + text + "' in " + context);
    }

    /** host:port, with brackets around an IPv6 literal, as in a CONNECT request. */
    String authority() {
        return authority(host, port);
    }

    /** The same for any host and port. */
    static String authority(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }
}
