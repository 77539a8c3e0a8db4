package dev.systemtrust.it.distro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A fingerprint of the host's trust-related paths, taken before and after a namespace run to prove it was untouched. */
final class HostTrustFiles {
    private static final List<String> WATCHED = List.of(
            "/etc/ssl/certs", "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem", "/etc/ca-certificates.conf",
            "/usr/share/ca-certificates", "/usr/local/share/ca-certificates",
            "/usr/share/p11-kit/modules/p11-kit-trust.module", "/etc/pki", "/var/lib/ca-certificates", "/system",
            "/data", "/usr/share/pki", "/etc/ca-certificates/update.d");

    private HostTrustFiles() {
    }

    static Map<String, String> snapshot() {
        Map<String, String> state = new TreeMap<>();
        for (String name : WATCHED) {
            state.put(name, describe(Path.of(name)));
        }
        return state;
    }

    private static String describe(Path path) {
        try {
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                return "absent";
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    return "directory " + entries.map(Path::getFileName).map(Path::toString).sorted().toList();
                }
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path));
            return "file " + HexFormat.of().formatHex(digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
