package dev.systemtrust.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process a test talks to while it runs: lines to its stdin, its stdout read line by line with a bounded
 * wait, so a child that hangs or dies fails the test with everything it printed instead of blocking the build.
 * Closing it kills the process and its descendants if they are still running.
 */
public final class InteractiveChild implements AutoCloseable {
    private static final String END_OF_OUTPUT = "\u0000end of output";

    private final Process process;
    private final List<String> command;
    private final Writer stdin;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final StringBuffer transcript = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final long started = System.nanoTime();

    private InteractiveChild(Process process, List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        drain(process.getInputStream(), line -> {
            note("< " + line);
            stdoutLines.add(line);
        }, () -> stdoutLines.add(END_OF_OUTPUT));
        drain(process.getErrorStream(), line -> stderr.append(line).append('\n'), () -> { });
    }

    static InteractiveChild start(List<String> command, Map<String, String> environment, Path workingDirectory) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new InteractiveChild(builder.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Adds a line to the transcript, with the milliseconds since the start, to show when the child answered. */
    private void note(String line) {
        transcript.append(String.format("%6d ms %s%n", (System.nanoTime() - started) / 1_000_000, line));
    }

    /** Writes {@code line} to the child's stdin. */
    public void send(String line) {
        note("> " + line);
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to the child: " + e + "\n" + describe(), e);
        }
    }

    /** The next line the child prints, waiting at most {@code timeout}. */
    public String nextLine(Duration timeout) {
        try {
            String line = stdoutLines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new AssertionError("the child printed nothing within " + timeout + "\n" + describe());
            }
            if (line.equals(END_OF_OUTPUT)) {
                stdoutLines.add(END_OF_OUTPUT);
                throw new AssertionError("the child's output ended\n" + describe());
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits at most {@code timeout} for the child to exit, and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the child did not exit within " + timeout + "\n" + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command, what was sent and printed so far, and the child's stderr. */
    public String describe() {
        return String.join(" ", command) + "\n--- transcript ---\n" + transcript + "--- stderr ---\n" + stderr;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream stream, java.util.function.Consumer<String> onLine, Runnable atEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException ignored) {
                // The process was killed: what it printed before is in the transcript.
            } finally {
                atEnd.run();
            }
        }, "child output reader");
        reader.setDaemon(true);
        reader.start();
    }
}
