package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real HTTP CONNECT proxy (Debian's tinyproxy) on a loopback port, configured in a private directory, allowing
 * CONNECT to the given ports only. Its log shows every tunnel it opened.
 */
public final class TinyProxy implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/tinyproxy");

    private final Process process;
    private final Path log;
    private final int port;

    private TinyProxy(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    public static TinyProxy start(Path workDir, int... connectPorts) {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: run scripts/install-test-deps (apt package tinyproxy-bin)");
        }
        try {
            Path directory = Files.createDirectories(workDir.resolve("tinyproxy"));
            int port = ListeningProcess.freePort();
            List<String> config = new ArrayList<>(List.of("User nobody", "Group nogroup", "Port " + port,
                    "Listen 127.0.0.1", "Timeout 30", "LogLevel Connect", "MaxClients 10", "Allow 127.0.0.1"));
            for (int connectPort : connectPorts) {
                config.add("ConnectPort " + connectPort);
            }
            Path file = Files.write(directory.resolve("tinyproxy.conf"), config);
            Path log = directory.resolve("tinyproxy.log");
            Process process = new ProcessBuilder(BINARY.toString(), "-d", "-c", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TinyProxy proxy = new TinyProxy(process, log, port);
            ListeningProcess.awaitListening(process, port, "tinyproxy", proxy::log);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** What tinyproxy logged so far (one line per connection and CONNECT request at this log level). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        ListeningProcess.stop(process);
    }
}
