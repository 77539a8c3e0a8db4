package dev.systemtrust.cli.check;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Chooses the route to the server the way a corporate user's tools would: {@code --proxy} first (or
 * {@code --proxy none}); then the JVM's own {@code -Dhttps.proxyHost}/{@code -Dhttps.proxyPort}, skipped for hosts
 * in {@code http.nonProxyHosts} as the JDK does; then {@code https_proxy}/{@code HTTPS_PROXY}, skipped for hosts in
 * {@code no_proxy}/{@code NO_PROXY} (curl's rules). Lower-case variables win over upper-case ones, as in curl.
 */
final class ProxySettings {
    static final List<String> NONE = List.of("none", "direct");
    private static final int HTTP_PORT = 80;

    private final Map<String, String> environment;
    private final UnaryOperator<String> systemProperties;

    ProxySettings(Map<String, String> environment, UnaryOperator<String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    ProxyRoute routeTo(CheckTarget target, String proxyOption) throws UsageException {
        if (proxyOption != null) {
            return NONE.contains(proxyOption.toLowerCase(Locale.ROOT)) ? ProxyRoute.direct("--proxy " + proxyOption)
                    : ProxyRoute.through(parse(proxyOption, "--proxy"), "--proxy");
        }
        String jvmProxy = systemProperties.apply("https.proxyHost");
        if (jvmProxy != null && !jvmProxy.isBlank()) {
            JdkNonProxyHosts exceptions = JdkNonProxyHosts.of(systemProperties.apply("http.nonProxyHosts"));
            if (exceptions.matches(target.host())) {
                return ProxyRoute.direct("-Dhttps.proxyHost is set, but http.nonProxyHosts matches " + target.host());
            }
            String port = systemProperties.apply("https.proxyPort");
            int number = port == null || port.isBlank() ? CheckTarget.HTTPS_PORT
                    : CheckTarget.port(port.strip(), "-Dhttps.proxyPort");
            return ProxyRoute.through(new ProxyRoute.Proxy(unbracket(jvmProxy.strip()), number, null),
                    "-Dhttps.proxyHost");
        }
        for (String variable : List.of("https_proxy", "HTTPS_PROXY")) {
            String value = environment.get(variable);
            if (value != null && !value.isBlank()) {
                String exceptionsVariable = environment.containsKey("no_proxy") ? "no_proxy" : "NO_PROXY";
                NoProxyList exceptions = NoProxyList.of(environment.get(exceptionsVariable));
                if (exceptions.matches(target.host(), target.port())) {
                    return ProxyRoute.direct(variable + " is set, but " + exceptionsVariable + " matches "
                            + target.host());
                }
                return ProxyRoute.through(parse(value, variable), variable);
            }
        }
        return ProxyRoute.direct("no proxy set: --proxy, -Dhttps.proxyHost, https_proxy, HTTPS_PROXY");
    }

    /** {@code [http://][user:password@]host[:port][/]}; only plain HTTP proxies tunnel with CONNECT here. */
    static ProxyRoute.Proxy parse(String value, String origin) throws UsageException {
        String text = value.strip();
        String shown = withoutCredentials(text);
        int schemeEnd = text.indexOf("://");
        if (schemeEnd >= 0) {
            String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http")) {
                throw new UsageException(origin + "=" + shown + ": only http:// proxies (HTTP CONNECT) are "
                        + "supported, not " + scheme + "://");
            }
            text = text.substring(schemeEnd + 3);
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            text = text.substring(0, slash);
        }
        String credentials = null;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            credentials = URLDecoder.decode(text.substring(0, at), StandardCharsets.UTF_8);
            text = text.substring(at + 1);
        }
        String host;
        int port = HTTP_PORT;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new UsageException(origin + "=" + shown + ": unclosed [");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new UsageException(origin + "=" + shown + ": unexpected text after ]");
                }
                port = CheckTarget.port(text.substring(close + 2), origin);
            }
        } else if (colon >= 0) {
            host = text.substring(0, colon);
            port = CheckTarget.port(text.substring(colon + 1), origin);
        } else {
            host = text;
        }
        if (host.isEmpty()) {
            throw new UsageException(origin + "=" + shown + ": no proxy host");
        }
        return new ProxyRoute.Proxy(host, port, credentials);
    }

    /** The proxy setting as it may be printed: a password in it never reaches the terminal or a log. */
    static String withoutCredentials(String value) {
        int at = value.lastIndexOf('@');
        if (at < 0) {
            return value;
        }
        int scheme = value.indexOf("://");
        int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        return value.substring(0, start) + "***@" + value.substring(at + 1);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
