package dev.systemtrust.windows.jna;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C compilers the ABI tests run at test time: the machine's gcc (for the crypt32 shim) and
 * x86_64-w64-mingw32-gcc (for the layouts mingw-w64's headers define). {@code scripts/install-test-deps} installs
 * both; under {@code CI=true} a missing one fails the test instead of skipping it.
 */
final class NativeToolchain {
    static final String GCC = "gcc";
    static final String MINGW_GCC = "x86_64-w64-mingw32-gcc";
    /** Where compiled test artefacts go (surefire runs in the module directory). */
    static final Path OUTPUT = Path.of("target", "native-test").toAbsolutePath();

    private NativeToolchain() {
    }

    /** The Debian package that provides a compiler (what the skip message tells a developer to install). */
    static String debianPackage(String compiler) {
        return MINGW_GCC.equals(compiler) ? "gcc-mingw-w64-x86-64" : "gcc libc6-dev";
    }

    /** The compiler's path; fails under CI=true, skips elsewhere, when it is not installed. */
    static Path require(String compiler) {
        Path found = null;
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, compiler);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                found = candidate;
                break;
            }
        }
        if (found == null) {
            String problem = compiler + " is not on the PATH, so the Windows ABI tests cannot run: install it with "
                    + "`apt-get install " + debianPackage(compiler) + "` (or run scripts/install-test-deps)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true but " + problem);
            }
            // Surefire does not report why a class was skipped in @BeforeAll: say it in the build output.
            System.err.println("SKIPPED: " + problem);
            assumeTrue(false, problem);
        }
        return found;
    }

    /** Runs a compiler; returns its standard output, or fails with everything it printed. */
    static String run(List<String> command) {
        try {
            Files.createDirectories(OUTPUT);
            Path log = Files.createTempFile(OUTPUT, "compiler", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(log.toFile()).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("compiler timed out: " + command);
            }
            String errors = Files.readString(log);
            Files.delete(log);
            if (process.exitValue() != 0) {
                throw new AssertionError("compiler failed (" + process.exitValue() + "): " + command + "\n" + errors);
            }
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    static List<String> command(Object... parts) {
        List<String> command = new ArrayList<>();
        for (Object part : parts) {
            command.add(part.toString());
        }
        return command;
    }
}
