package dev.systemtrust.cli.check;

/**
 * Whether the server's certificate names the host that was asked for, by the JDK's own HTTPS endpoint
 * identification (RFC 2818/6125 rules as {@code X509TrustManagerImpl} applies them).
 *
 * @param name    the host name or IP address checked
 * @param matches the certificate names it
 * @param detail  the JDK's message when it does not match; empty otherwise
 */
record HostNameVerdict(String name, boolean matches, String detail) {
}
