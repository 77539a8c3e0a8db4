package dev.systemtrust.cli.check;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code NO_PROXY}/{@code no_proxy} as curl reads it: comma-separated entries; {@code *} alone matches every host; a
 * name matches itself and its subdomains (a leading {@code .} or {@code *.} is ignored); an IP address matches
 * itself, a CIDR block ({@code 10.0.0.0/8}) the addresses in it; {@code host:port} only that port. Host names are
 * compared as text: nothing is resolved.
 */
final class NoProxyList {
    private record Entry(String name, Optional<InetAddress> address, int prefixBits, int port) {
    }

    private final List<Entry> entries;
    private final boolean everything;

    private NoProxyList(List<Entry> entries, boolean everything) {
        this.entries = entries;
        this.everything = everything;
    }

    static NoProxyList of(String value) {
        List<Entry> entries = new ArrayList<>();
        boolean everything = false;
        if (value != null) {
            for (String raw : value.split(",")) {
                String entry = raw.strip().toLowerCase(Locale.ROOT);
                if (entry.equals("*")) {
                    everything = true;
                } else if (!entry.isEmpty()) {
                    entries.add(parse(entry));
                }
            }
        }
        return new NoProxyList(List.copyOf(entries), everything);
    }

    private static Entry parse(String entry) {
        String host = entry;
        int port = -1;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close > 0) {
                port = portAfter(host.substring(close + 1));
                host = host.substring(1, close);
            }
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            port = portAfter(host.substring(host.indexOf(':')));
            host = host.substring(0, host.indexOf(':'));
        }
        int slash = host.indexOf('/');
        if (slash >= 0) {
            Optional<InetAddress> network = literal(host.substring(0, slash));
            try {
                int bits = Integer.parseInt(host.substring(slash + 1));
                if (network.isPresent() && bits >= 0 && bits <= network.get().getAddress().length * 8) {
                    return new Entry(host, network, bits, port);
                }
            } catch (NumberFormatException e) {
                // not a CIDR block: compared as a name below, so it matches nothing real
            }
            return new Entry(host, Optional.empty(), -1, port);
        }
        if (host.startsWith("*.")) {
            host = host.substring(2);
        } else if (host.startsWith(".")) {
            host = host.substring(1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        Optional<InetAddress> address = literal(host);
        return new Entry(host, address, address.map(a -> a.getAddress().length * 8).orElse(-1), port);
    }

    private static int portAfter(String text) {
        if (text.startsWith(":")) {
            try {
                return Integer.parseInt(text.substring(1));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    boolean matches(String host, int port) {
        if (everything) {
            return true;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        Optional<InetAddress> address = literal(name);
        for (Entry entry : entries) {
            if (entry.port() >= 0 && entry.port() != port) {
                continue;
            }
            if (entry.address().isPresent() ? address.isPresent() && inBlock(address.get(), entry)
                    : name.equals(entry.name()) || name.endsWith("." + entry.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBlock(InetAddress address, Entry entry) {
        byte[] network = entry.address().get().getAddress();
        byte[] candidate = address.getAddress();
        if (network.length != candidate.length) {
            return false;
        }
        int shift = network.length * 8 - entry.prefixBits();
        return new BigInteger(1, network).shiftRight(shift).equals(new BigInteger(1, candidate).shiftRight(shift));
    }

    /** The address an IP literal denotes; empty for a host name, which is never resolved. */
    static Optional<InetAddress> literal(String host) {
        boolean ipv4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = host.contains(":") && host.matches("[0-9a-f:.]+(%[\\w.-]+)?");
        if (!ipv4 && !ipv6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
