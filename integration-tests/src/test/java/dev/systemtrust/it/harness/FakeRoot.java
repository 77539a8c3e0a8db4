package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throw-away copy of this machine's root file system: an overlay of {@code /} (changes go to a tmpfs) entered
 * with {@code chroot}, inside a private mount namespace. A script can delete {@code /etc/ssl}, create
 * {@code /etc/pki} or {@code /system}, and run distribution tools ({@code update-ca-certificates},
 * {@code trust extract}) exactly as on that distribution; the host sees none of it.
 */
public final class FakeRoot {
    private static final String ENTER = String.join("\n",
            "set -e",
            "layers=$1; root=$2; script=$3",
            "mount -t tmpfs systemtrust-layers \"$layers\"",
            "mkdir -p \"$layers/upper\" \"$layers/work\"",
            "mount -t overlay overlay -o lowerdir=/,upperdir=\"$layers/upper\",workdir=\"$layers/work\" \"$root\"",
            "for fs in proc dev sys; do mount --rbind \"/$fs\" \"$root/$fs\"; done",
            "exec chroot \"$root\" /bin/sh -c \"$script\"");

    private final Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private FakeRoot(Path directory) {
        this.directory = directory;
        environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        environment.put("LANG", "C.UTF-8");
        environment.put("HOME", "/root");
    }

    /** A fake root whose scratch directories live under {@code directory} (which must be on the root fs). */
    public static FakeRoot under(Path directory) {
        PrivateMountNamespace.requireAvailable();
        try {
            Files.createDirectories(directory.resolve("layers"));
            Files.createDirectories(directory.resolve("root"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeRoot(directory);
    }

    /** Sets a variable for the script; nothing else from this JVM's environment is passed. */
    public FakeRoot env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs {@code script} with {@code /bin/sh -e} as root inside the fake root. */
    public ChildProcess.Result run(String script) {
        return ChildProcess.run(List.of("/usr/bin/unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", ENTER, "systemtrust-fake-root", directory.resolve("layers").toString(),
                directory.resolve("root").toString(), "set -e\n" + script), environment, Path.of("/"));
    }
}
