package dev.systemtrust.it.distro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a root shell script against a throw-away copy of this machine's file system: a private mount namespace
 * holds an overlay whose lower layer is {@code /} and whose upper layer lives on a namespace-private tmpfs, and
 * the script runs chrooted into it. The script may therefore create {@code /system} or {@code /etc/pki},
 * delete {@code /etc/ssl/certs} or run {@code update-ca-certificates} with real paths, while the host's file
 * system never changes (every write lands in the tmpfs, which disappears with the namespace). Only
 * {@code share} is bind-mounted through, at its host path, so certificates go in and results come out.
 */
final class OverlayRootNamespace {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String ENTER = """
            set -eu
            base="$1"; script="$2"
            mount -t tmpfs -o mode=0700 systemtrust-overlay "$base/ns"
            mkdir "$base/ns/upper" "$base/ns/work" "$base/ns/root"
            root="$base/ns/root"
            mount -t overlay overlay -o "lowerdir=/,upperdir=$base/ns/upper,workdir=$base/ns/work" "$root"
            for fs in proc sys dev; do mount --rbind "/$fs" "$root/$fs"; done
            mount --bind "$base/share" "$root$base/share"
            exec chroot "$root" /bin/bash -eu "$script"
            """;

    private final Path base;
    private final Path share;

    OverlayRootNamespace(Path base) throws IOException {
        this.base = base;
        this.share = Files.createDirectories(base.resolve("share"));
        Files.createDirectories(base.resolve("ns"));
    }

    /** The directory visible at the same path inside and outside the namespace. */
    Path share() {
        return share;
    }

    /**
     * Fails under CI (the matrix must run there) and skips elsewhere when this process cannot create a private
     * mount namespace with a tmpfs and an overlay of {@code /} (needs root, unshare, mount and overlayfs).
     */
    static void requireAvailable() throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("systemtrust-ns-probe");
        String output;
        boolean available;
        try {
            Process probe = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--",
                    "/bin/bash", "-c", """
                            set -eu
                            mount -t tmpfs systemtrust-probe "$1"
                            mkdir "$1/upper" "$1/work" "$1/root"
                            mount -t overlay overlay -o "lowerdir=/,upperdir=$1/upper,workdir=$1/work" "$1/root"
                            chroot "$1/root" /bin/true
                            """, "probe", scratch.toString())
                    .redirectErrorStream(true).start();
            boolean done = probe.waitFor(30, TimeUnit.SECONDS);
            if (!done) {
                probe.destroyForcibly().waitFor();
            }
            output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            available = done && probe.exitValue() == 0;
        } catch (IOException e) {
            output = e.toString();
            available = false;
        } finally {
            Files.delete(scratch);
        }
        if (!available && "true".equals(System.getenv("CI"))) {
            fail("CI=true but a private mount namespace with an overlay root is unavailable: " + output);
        }
        String reason = output;
        Assumptions.assumeTrue(available, () -> "private mount namespaces unavailable: " + reason);
    }

    /** Runs {@code script} (bash, as root, chrooted into the overlay) and returns its combined output. */
    String run(String script) throws IOException, InterruptedException {
        Path scriptFile = share.resolve("script.sh");
        Files.writeString(scriptFile, script);
        Path log = share.resolve("script.log");
        Process process = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--",
                "/bin/bash", "-c", ENTER, "enter", base.toString(), scriptFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("namespace script timed out after " + TIMEOUT + ":\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(process.exitValue()).as("namespace script failed:\n%s", output).isZero();
        return output;
    }
}
