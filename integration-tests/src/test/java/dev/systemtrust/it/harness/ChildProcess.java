package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command with an exact environment, collects its output, and kills it if it outlives its timeout. */
public final class ChildProcess {
    private static final long TIMEOUT_SECONDS = 90;

    private ChildProcess() {
    }

    /** What a finished child printed and returned. */
    public record Result(int exitCode, String stdout, String stderr, List<String> command) {
        public String describe() {
            return "exit " + exitCode + " of " + String.join(" ", command) + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    public static Result run(List<String> command, Map<String, String> environment, Path workingDirectory) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command)
                        + "\n--- stderr ---\n" + stderr.join());
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join(), List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
    }
}
