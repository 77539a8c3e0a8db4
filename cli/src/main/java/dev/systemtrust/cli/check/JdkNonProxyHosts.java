package dev.systemtrust.cli.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JDK's {@code http.nonProxyHosts} (which also governs https): {@code |}-separated host names, each with an
 * optional {@code *} at its start or end. Unset means the JDK's default list of loopback names; a value has that list
 * appended; an empty value excludes nothing. As {@code sun.net.spi.DefaultProxySelector} does.
 */
final class JdkNonProxyHosts {
    static final String JDK_DEFAULT = "localhost|127.*|[::1]|0.0.0.0|[::0]";

    private final List<String> patterns;

    private JdkNonProxyHosts(List<String> patterns) {
        this.patterns = patterns;
    }

    static JdkNonProxyHosts of(String property) {
        String value = property == null ? JDK_DEFAULT : property.isEmpty() ? "" : property + "|" + JDK_DEFAULT;
        List<String> patterns = new ArrayList<>();
        for (String pattern : value.split("\\|")) {
            if (!pattern.isBlank()) {
                patterns.add(pattern.strip().toLowerCase(Locale.ROOT));
            }
        }
        return new JdkNonProxyHosts(List.copyOf(patterns));
    }

    boolean matches(String host) {
        String plain = host.toLowerCase(Locale.ROOT);
        String bracketed = plain.contains(":") ? "[" + plain + "]" : plain;
        for (String pattern : patterns) {
            if (matches(pattern, plain) || matches(pattern, bracketed)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.startsWith("*")) {
            return host.endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("*")) {
            return host.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return host.equals(pattern);
    }
}
