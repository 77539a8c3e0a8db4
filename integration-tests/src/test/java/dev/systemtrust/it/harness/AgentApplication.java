package dev.systemtrust.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An unmodified application run under {@code -javaagent:systemtrust-agent.jar}: the agent jar as built by the agent
 * module, and the application's own class copied where nothing of SystemTrust lives, so only the agent can change
 * what it trusts.
 */
public final class AgentApplication {
    public static final Path AGENT_JAR = Path.of(System.getProperty("systemtrust.agent.jar",
            "../agent/target/systemtrust-agent.jar")).toAbsolutePath().normalize();

    private final Path classes;

    private AgentApplication(Path classes) {
        this.classes = classes;
    }

    /** The single class {@code main} (no nested classes), copied to {@code directory}. */
    public static AgentApplication of(Class<?> main, Path directory) {
        assertThat(AGENT_JAR).as("built by the agent module").isRegularFile();
        String resource = main.getName().replace('.', '/') + ".class";
        Path target = directory.resolve(resource);
        try (InputStream in = main.getClassLoader().getResourceAsStream(resource)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AgentApplication(directory);
    }

    /** A JVM on {@code jdk} running the application with the agent. */
    public ChildJvm underAgent(Path jdk) {
        return ChildJvm.on(jdk).option("-javaagent:" + AGENT_JAR).classPath(classes.toString());
    }
}
