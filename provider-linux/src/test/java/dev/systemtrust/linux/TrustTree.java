package dev.systemtrust.linux;

import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/** A fake file system root for the Linux backend: write bundles and directories, then read them. */
final class TrustTree {
    final Path root;

    TrustTree(Path root) {
        this.root = root;
    }

    /** {@code absolute} is a standard path such as "/etc/ssl/certs/ca-certificates.crt". */
    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    Path write(String absolute, String content) {
        return write(absolute, content.getBytes(StandardCharsets.US_ASCII));
    }

    Path write(String absolute, byte[] content) {
        Path file = path(absolute);
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path link(String absolute, String target) {
        Path link = path(absolute);
        try {
            Files.createDirectories(link.getParent());
            return Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory(String absolute) {
        try {
            return Files.createDirectories(path(absolute));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TrustStoreReport read() {
        return read(Map.of());
    }

    TrustStoreReport read(Map<String, String> environment) {
        return new LinuxTrustBackend(environment, LinuxTrustLocations.under(root)).read();
    }

    static List<X509Certificate> anchors(TrustStoreReport report) {
        return report.anchors().stream().map(TrustedCertificate::certificate).toList();
    }
}
