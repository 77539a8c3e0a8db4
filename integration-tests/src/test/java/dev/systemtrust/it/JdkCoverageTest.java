package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.systemtrust.it.harness.Jdks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README promises every usage path is proven on Java 17 and 25. Elsewhere a missing JDK 25 only narrows the
 * run; under {@code CI=true} it fails, so the promise cannot lapse silently.
 */
class JdkCoverageTest {

    @Test
    void endToEndTestsRunOnJava17AndOnJava25() {
        List<Integer> versions = Jdks.homes().stream().map(Jdks::featureVersion).toList();
        assumeTrue("true".equalsIgnoreCase(System.getenv("CI")) || versions.contains(25),
                "Temurin 25 is not installed here (" + Jdks.homes() + "); tests run on " + versions + " only");

        assertThat(versions).as("JDKs the end-to-end tests run on: " + Jdks.homes()
                + " (Temurin 25 is expected at /usr/lib/jvm/temurin-25-jdk-amd64)").contains(17, 25);
        assertThat(Jdks.homes()).allSatisfy(home -> assertThat(home.resolve("bin/java")).isExecutable());
    }
}
