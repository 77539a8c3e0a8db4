package dev.systemtrust.it.harness;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where a class on the test class path was loaded from: a jar, or a module's classes directory in the reactor. */
public final class ClassLocations {
    private ClassLocations() {
    }

    public static Path of(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SystemTrust provider, its Linux backend and bcprov: what an application on Linux needs. */
    public static Stream<Path> systemTrustForLinux() {
        return Stream.of(of(dev.systemtrust.SystemTrustProvider.class), of(dev.systemtrust.linux.LinuxTrustBackend.class),
                of(org.bouncycastle.jce.provider.BouncyCastleProvider.class));
    }

    /** {@code paths} as a class or module path. */
    public static String path(Stream<Path> paths) {
        return String.join(File.pathSeparator, paths.map(Path::toString).toList());
    }
}
