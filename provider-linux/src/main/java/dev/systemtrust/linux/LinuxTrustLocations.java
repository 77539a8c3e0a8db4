package dev.systemtrust.linux;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the Linux backend looks when {@code SSL_CERT_FILE} and {@code SSL_CERT_DIR} are not set.
 *
 * @param bundles             PEM bundles in precedence order; the first readable one is used
 * @param directories         certificate directories, all read
 * @param distrustDirectories directories whose certificates are distrusted (Android {@code cacerts-removed})
 */
public record LinuxTrustLocations(List<Path> bundles, List<Path> directories, List<Path> distrustDirectories) {

    private static final List<String> BUNDLES = List.of(
            "/etc/ssl/certs/ca-certificates.crt",                // Debian, Ubuntu, Gentoo, NixOS, Alpine
            "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", // Fedora, RHEL 7+ (server-auth anchors only)
            "/etc/pki/tls/certs/ca-bundle.crt",                  // older RHEL
            "/etc/ssl/ca-bundle.pem",                            // openSUSE
            "/var/lib/ca-certificates/ca-bundle.pem",            // openSUSE
            "/etc/pki/tls/cacert.pem",
            "/etc/ssl/cert.pem");                                // Alpine, Arch
    private static final List<String> DIRECTORIES = List.of(
            "/etc/ssl/certs",
            "/etc/pki/tls/certs",
            "/system/etc/security/cacerts");                     // Android system CAs
    private static final List<String> DISTRUST_DIRECTORIES = List.of(
            "/system/etc/security/cacerts-removed",
            "/data/misc/user/0/cacerts-removed");                // Android: system CAs the user disabled

    public LinuxTrustLocations {
        bundles = List.copyOf(bundles);
        directories = List.copyOf(directories);
        distrustDirectories = List.copyOf(distrustDirectories);
    }

    /** The distributions' standard locations. */
    public static LinuxTrustLocations standard() {
        return under(Path.of("/"));
    }

    /** The standard locations below {@code root}, e.g. a distribution's file tree unpacked for a test. */
    public static LinuxTrustLocations under(Path root) {
        return new LinuxTrustLocations(rebase(root, BUNDLES), rebase(root, DIRECTORIES),
                rebase(root, DISTRUST_DIRECTORIES));
    }

    /** Every directory a read of these locations lists: the certificate directories, then the distrust ones. */
    List<Path> allDirectories() {
        List<Path> all = new java.util.ArrayList<>(directories.size() + distrustDirectories.size());
        all.addAll(directories);
        all.addAll(distrustDirectories);
        return all;
    }

    /** The directories an {@code SSL_CERT_DIR} value names, in order; empty entries name none. */
    static List<Path> certDirDirectories(String certDir) {
        List<Path> named = new java.util.ArrayList<>();
        for (String directory : certDir.split(":")) {
            if (!directory.isEmpty()) {
                named.add(Path.of(directory));
            }
        }
        return named;
    }

    private static List<Path> rebase(Path root, List<String> absolutePaths) {
        // A loop, not a stream: this runs on the cold KeyStore.load path, where each lambda costs a call-site link.
        List<Path> rebased = new java.util.ArrayList<>(absolutePaths.size());
        for (String path : absolutePaths) {
            rebased.add(root.resolve(path.substring(1)));
        }
        return List.copyOf(rebased);
    }
}
