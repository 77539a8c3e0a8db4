package dev.systemtrust.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a command in a private mount namespace ({@code unshare --mount --propagation private}) where prepared
 * files and directories are bind-mounted over real OS paths such as {@code /etc/ssl}. The mounts vanish with the
 * process; the host's files are never touched.
 */
public final class PrivateMountNamespace {
    private static final String UNSHARE = "/usr/bin/unshare";

    /** One bind mount: {@code source} appears at {@code target}, which must already exist on the host. */
    public record Bind(Path source, Path target) {
    }

    private final List<Bind> binds = new ArrayList<>();

    public PrivateMountNamespace bind(Path source, Path target) {
        binds.add(new Bind(source, target));
        return this;
    }

    /** Fails under {@code CI=true}, skips elsewhere, when this machine cannot make mount namespaces. */
    public static void requireAvailable() {
        String problem = unavailabilityReason();
        if (problem == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true but private mount namespaces are unavailable: " + problem
                    + ". The integration tests need root and util-linux's unshare.");
        }
        assumeTrue(false, "private mount namespaces unavailable: " + problem);
    }

    private static String unavailabilityReason() {
        if (!Files.isExecutable(Path.of(UNSHARE))) {
            return UNSHARE + " not installed";
        }
        ChildProcess.Result probe = ChildProcess.run(
                List.of(UNSHARE, "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                        "mount -t tmpfs systemtrust-probe /mnt"),
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), Path.of("/"));
        return probe.exitCode() == 0 ? null : probe.stderr().strip();
    }

    /** The command, wrapped so it starts only after every bind mount succeeded. */
    List<String> wrap(List<String> command) {
        StringBuilder script = new StringBuilder("set -e\n");
        for (int i = 0; i < binds.size(); i++) {
            script.append("mount --bind \"$").append(2 * i + 1).append("\" \"$").append(2 * i + 2).append("\"\n");
        }
        script.append("shift ").append(2 * binds.size()).append("\nexec \"$@\"\n");
        List<String> wrapped = new ArrayList<>(List.of(UNSHARE, "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", script.toString(), "systemtrust-namespace"));
        for (Bind bind : binds) {
            wrapped.add(bind.source().toString());
            wrapped.add(bind.target().toString());
        }
        wrapped.addAll(command);
        return wrapped;
    }
}
