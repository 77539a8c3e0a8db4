package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A Debian-layout {@code /etc/ssl} tree to bind over the real one: {@code certs/ca-certificates.crt}, extra
 * files in {@code certs/}, and a copy of {@code certs/java/cacerts} (the JDK's cacerts is a link to it on Debian,
 * and the JDK must still find it to exercise the "stream is passed and ignored" path).
 */
public final class DebianEtcSsl {
    public static final Path REAL = Path.of("/etc/ssl");
    private static final Path HOST_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    private final Path root;

    private DebianEtcSsl(Path root) {
        this.root = root;
    }

    /** An /etc/ssl whose bundle holds exactly {@code bundlePem} (no host CAs). */
    public static DebianEtcSsl withBundle(Path directory, String bundlePem) {
        try {
            Path certs = Files.createDirectories(directory.resolve("certs"));
            Files.writeString(certs.resolve("ca-certificates.crt"), bundlePem);
            Path hostCacerts = HOST_BUNDLE.resolveSibling("java").resolve("cacerts");
            if (Files.exists(hostCacerts)) {
                Path java = Files.createDirectories(certs.resolve("java"));
                Files.copy(hostCacerts, java.resolve("cacerts"), StandardCopyOption.REPLACE_EXISTING);
            }
            return new DebianEtcSsl(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host's bundle plus {@code extraPem}, as update-ca-certificates would produce after adding a CA. */
    public static DebianEtcSsl hostBundlePlus(Path directory, String extraPem) {
        try {
            String host = Files.exists(HOST_BUNDLE) ? Files.readString(HOST_BUNDLE) : "";
            return withBundle(directory, host + extraPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DebianEtcSsl withCertsFile(String name, String content) {
        try {
            Files.writeString(root.resolve("certs").resolve(name), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces {@code certs/java/cacerts} (the JDK's cacerts on Debian) with {@code cacerts}. */
    public DebianEtcSsl withJavaCacerts(java.security.KeyStore cacerts) {
        Path file = root.resolve("certs/java/cacerts");
        try (java.io.OutputStream out = Files.newOutputStream(Files.createDirectories(file.getParent())
                .resolve("cacerts"))) {
            cacerts.store(out, "changeit".toCharArray());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host's JDK cacerts ({@code /etc/ssl/certs/java/cacerts}) as a KeyStore to modify. */
    public static java.security.KeyStore hostJavaCacerts() {
        try (java.io.InputStream in = Files.newInputStream(HOST_BUNDLE.resolveSibling("java").resolve("cacerts"))) {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(in, null);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** A namespace presenting this tree at /etc/ssl. */
    public PrivateMountNamespace namespace() {
        return new PrivateMountNamespace().bind(root, REAL);
    }

    /** A fingerprint of the host's real /etc/ssl (names and bundle content), to prove tests never change it. */
    public static String hostFingerprint() {
        try (Stream<Path> files = Files.walk(REAL)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.sorted().forEach(path -> digest.update(path.toString().getBytes()));
            if (Files.exists(HOST_BUNDLE)) {
                digest.update(Files.readAllBytes(HOST_BUNDLE));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
