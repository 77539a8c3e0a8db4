package dev.systemtrust.it.harness;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code java} command for a child JVM with an explicit environment: the OS-store variables this machine sets
 * globally ({@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}) are absent unless a test sets them.
 */
public final class ChildJvm {
    private final Path javaHome;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String classPath = testClassPath();
    private PrivateMountNamespace namespace;

    private ChildJvm(Path javaHome) {
        this.javaHome = javaHome;
        for (String name : List.of("PATH", "HOME", "LANG", "TMPDIR")) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
    }

    public static ChildJvm on(Path javaHome) {
        return new ChildJvm(javaHome);
    }

    /** The class path the tests run with: provider, backends, clients and their libraries. */
    public static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    public ChildJvm property(String name, String value) {
        jvmOptions.add("-D" + name + "=" + value);
        return this;
    }

    public ChildJvm option(String option) {
        jvmOptions.add(option);
        return this;
    }

    public ChildJvm env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public ChildJvm classPath(String entries) {
        classPath = entries;
        return this;
    }

    public ChildJvm classPath(List<Path> entries) {
        return classPath(String.join(File.pathSeparator, entries.stream().map(Path::toString).toList()));
    }

    /** Runs the JVM inside a private mount namespace that presents prepared files at real OS paths. */
    public ChildJvm inside(PrivateMountNamespace namespace) {
        this.namespace = namespace;
        return this;
    }

    public ChildProcess.Result runMain(String mainClass, String... args) {
        return execute(mainCommand(mainClass, args));
    }

    /** Starts the main class and returns at once, for a test that talks to it line by line while it runs. */
    public InteractiveChild startMain(String mainClass, String... args) {
        return InteractiveChild.start(wrapped(mainCommand(mainClass, args)), environment, workingDirectory());
    }

    private List<String> mainCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code module/mainClass} from {@code modulePath}; the class path is not used. */
    public ChildProcess.Result runModule(String modulePath, String moduleAndMainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        if (modulePath != null) {
            command.add("--module-path");
            command.add(modulePath);
        }
        command.add("--module");
        command.add(moduleAndMainClass);
        command.addAll(List.of(args));
        return execute(command);
    }

    public ChildProcess.Result runJar(Path jar, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return execute(command);
    }

    private ChildProcess.Result execute(List<String> command) {
        return ChildProcess.run(wrapped(command), environment, workingDirectory());
    }

    private List<String> wrapped(List<String> command) {
        return namespace == null ? command : namespace.wrap(command);
    }

    private static Path workingDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
