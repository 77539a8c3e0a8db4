package dev.systemtrust.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDKs every end-to-end test runs on: the one running the build, and the other of Java 17 (Debian's OpenJDK)
 * and Java 25 (Temurin) when installed, so a build on either runs the tests on both.
 */
public final class Jdks {
    /** For {@code @MethodSource}: a parameterized test that runs once on each of {@link #homes()}. */
    public static final String EACH = "dev.systemtrust.it.harness.Jdks#homes";
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    private static final Path OPENJDK_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    private Jdks() {
    }

    public static List<Path> homes() {
        List<Path> homes = new ArrayList<>();
        Path current = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        homes.add(current);
        int running = featureVersion(current);
        if (running != 17 && Files.isExecutable(OPENJDK_17.resolve("bin/java"))) {
            homes.add(OPENJDK_17);
        }
        if (running != 25 && Files.isExecutable(TEMURIN_25.resolve("bin/java"))) {
            homes.add(TEMURIN_25);
        }
        return homes;
    }

    /** Feature release of a JDK home, read from its {@code release} file (e.g. 17, 25). */
    public static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the version of the JDK at " + home, e);
        }
        throw new IllegalStateException("no JAVA_VERSION in " + home.resolve("release"));
    }
}
