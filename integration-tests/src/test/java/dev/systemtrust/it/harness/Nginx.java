package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real nginx TLS server on a loopback port, answering every request with {@value #BODY}. */
public final class Nginx implements AutoCloseable {
    public static final String BODY = "systemtrust-ok";
    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final Path prefix;
    private final int port;

    private Nginx(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /** Starts nginx serving {@code serverChain} (leaf first, PEM) with {@code serverKey} (PKCS#8 PEM). */
    public static Nginx start(Path workDir, Path serverChain, Path serverKey) {
        return start(workDir, serverChain, serverKey, List.of());
    }

    /** As {@link #start(Path, Path, Path)}, with {@code serverDirectives} added to the server block. */
    public static Nginx start(Path workDir, Path serverChain, Path serverKey, List<String> serverDirectives) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: run scripts/install-test-deps (apt package nginx-light)");
        }
        try {
            Path prefix = Files.createDirectories(workDir.resolve("nginx"));
            Files.createDirectories(prefix.resolve("tmp"));
            int port = ListeningProcess.freePort();
            Path config = prefix.resolve("nginx.conf");
            Files.writeString(config, config(prefix, port, serverChain, serverKey, serverDirectives));
            Process process = new ProcessBuilder(BINARY.toString(), "-p", prefix.toString(), "-c", config.toString(),
                    "-e", prefix.resolve("error.log").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(prefix.resolve("stdout.log").toFile())
                    .start();
            Nginx nginx = new Nginx(process, prefix, port);
            ListeningProcess.awaitListening(process, port, "nginx", nginx::log);
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** An https URL for {@code host} ("localhost" or "127.0.0.1": both are in the certificate). */
    public String url(String host) {
        return "https://" + host + ":" + port + "/";
    }

    private static String config(Path prefix, int port, Path chain, Path key, List<String> serverDirectives) {
        String temp = prefix.resolve("tmp").toString();
        List<String> lines = new java.util.ArrayList<>(List.of(
                "daemon off;",
                "master_process off;",
                "user root;",
                "worker_processes 1;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("error.log") + " info;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log " + prefix.resolve("access.log") + ";",
                "  client_body_temp_path " + temp + "/body;",
                "  proxy_temp_path " + temp + "/proxy;",
                "  fastcgi_temp_path " + temp + "/fastcgi;",
                "  uwsgi_temp_path " + temp + "/uwsgi;",
                "  scgi_temp_path " + temp + "/scgi;",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    server_name localhost;",
                "    ssl_certificate " + chain + ";",
                "    ssl_certificate_key " + key + ";",
                "    ssl_protocols TLSv1.2 TLSv1.3;",
                // No session resumption: every connection is a full handshake that asks the client's trust manager,
                // so a test sees what the trust manager decides now, not what it decided for an earlier session.
                "    ssl_session_tickets off;",
                "    location / { default_type text/plain; return 200 \"" + BODY + "\\n\"; }"));
        serverDirectives.forEach(directive -> lines.add("    " + directive));
        lines.addAll(List.of("  }", "}", ""));
        return String.join("\n", lines);
    }

    private String log() {
        Path errors = prefix.resolve("error.log");
        Path stdout = prefix.resolve("stdout.log");
        try {
            return (Files.exists(errors) ? Files.readString(errors) : "")
                    + (Files.exists(stdout) ? Files.readString(stdout) : "");
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        ListeningProcess.stop(process);
    }
}
