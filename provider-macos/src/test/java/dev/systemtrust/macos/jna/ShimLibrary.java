package dev.systemtrust.macos.jna;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Native;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the C shim with the machine's gcc (once, into {@code target/macos-shim}) and points the real JNA bindings
 * at it through {@link NativeLibraries}' properties. Call {@link #install} before anything touches the bindings:
 * they bind their library once per JVM (surefire runs each test class of this module in a fresh JVM).
 *
 * <p>Without gcc the shim tests are skipped, except under {@code CI=true}, where they fail:
 * {@code scripts/install-test-deps} installs gcc.
 */
public final class ShimLibrary {
    public enum Variant {
        /** Everything the backend calls. */
        FULL("libmacos_shim.so"),
        /** Without {@code SecTrustEvaluateWithError}, like macOS before 10.14. */
        NO_EVALUATE_WITH_ERROR("libmacos_shim_noeval.so", "-DSHIM_NO_EVALUATE_WITH_ERROR"),
        /** Without {@code SecTrustCopyCertificateChain}, like macOS before 12. */
        NO_COPY_CERTIFICATE_CHAIN("libmacos_shim_nochain.so", "-DSHIM_NO_COPY_CERTIFICATE_CHAIN");

        final String fileName;
        final String[] flags;

        Variant(String fileName, String... flags) {
            this.fileName = fileName;
            this.flags = flags;
        }
    }

    private static final Path SOURCE = Path.of("src/test/c/macos_shim.c");
    private static final Path OUTPUT = Path.of("target/macos-shim");

    private ShimLibrary() {
    }

    /** Builds (if needed) and installs the variant for this JVM's bindings; returns its control interface. */
    public static Shim install(Variant variant) {
        Path library = build(variant);
        System.setProperty(NativeLibraries.CORE_FOUNDATION_PROPERTY, library.toString());
        System.setProperty(NativeLibraries.SECURITY_PROPERTY, library.toString());
        Shim shim = Native.load(library.toString(), Shim.class);
        shim.shim_reset();
        return shim;
    }

    /** The compiled library, rebuilt when the source is newer. */
    public static synchronized Path build(Variant variant) {
        Path library = OUTPUT.resolve(variant.fileName).toAbsolutePath();
        try {
            if (Files.exists(library)
                    && Files.getLastModifiedTime(library).compareTo(Files.getLastModifiedTime(SOURCE)) > 0) {
                return library;
            }
            Files.createDirectories(OUTPUT);
            Path partial = Files.createTempFile(OUTPUT, variant.fileName, ".part");
            List<String> command = new ArrayList<>(List.of(compiler(), "-std=c11", "-D_GNU_SOURCE", "-O1", "-g",
                    "-fPIC", "-shared", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror"));
            command.addAll(List.of(variant.flags));
            command.addAll(List.of("-o", partial.toString(), SOURCE.toString(), "-lpthread", "-lm"));
            run(command);
            Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return library;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String compiler() {
        return tool("gcc");
    }

    /** A build tool on the PATH; skips the test without it, fails under CI=true. */
    static String tool(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String message = name + " is not installed, so the macOS ABI shim tests cannot run: install it with "
                + "`apt-get install " + ("nm".equals(name) ? "binutils" : "gcc libc6-dev")
                + "` (or run scripts/install-test-deps)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        // Surefire does not report why a class was skipped in @BeforeAll: say it in the build output.
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        return null;
    }

    /** Runs a command, failing with its output when it does not succeed; returns its standard output. */
    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
    }
}
