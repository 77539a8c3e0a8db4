package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@code -Djava.security.properties} file that appends SystemTrust to a JDK's provider list. The JDK
 * stops reading {@code security.provider.N} at the first gap, so N must follow the JDK's own last entry.
 */
public final class SecurityProperties {
    private SecurityProperties() {
    }

    public static int nextProviderNumber(Path javaHome) {
        try {
            int highest = 0;
            for (String line : Files.readAllLines(javaHome.resolve("conf/security/java.security"))) {
                if (line.startsWith("security.provider.")) {
                    String number = line.substring("security.provider.".length(), line.indexOf('='));
                    highest = Math.max(highest, Integer.parseInt(number.trim()));
                }
            }
            return highest + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A properties file registering {@code provider} (a name or a class name) after the JDK's providers. */
    public static Path appendingProvider(Path directory, Path javaHome, String provider, String... extraLines) {
        try {
            StringBuilder text = new StringBuilder("security.provider." + nextProviderNumber(javaHome) + "=" + provider
                    + "\n");
            for (String line : extraLines) {
                text.append(line).append('\n');
            }
            return Files.writeString(Files.createDirectories(directory).resolve("systemtrust-" + javaHome.getFileName()
                    + ".security"), text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
