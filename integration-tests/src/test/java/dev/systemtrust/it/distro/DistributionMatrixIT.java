package dev.systemtrust.it.distro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test builds one distribution's trust-store layout at its real paths with that distribution's own tool
 * where one exists on this machine ({@code update-ca-certificates}, p11-kit {@code trust extract}), inside an
 * {@link OverlayRootNamespace}, then runs a child JVM there and checks the SystemTrust key store holds exactly
 * the expected anchors, and that an independent reader of the same files agrees:
 * <ul>
 *   <li>{@code openssl verify -purpose sslserver}: one leaf per CA; the CAs whose leaf verifies are OpenSSL's
 *       server-auth anchors (honours {@code TRUSTED CERTIFICATE} trust and reject lists, the hashed
 *       {@code -CApath} lookup and {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}).</li>
 *   <li>Python {@code ssl.get_ca_certs(binary_form=True)}: every CA certificate OpenSSL parsed into the store
 *       from the loaded files; it ignores trust attributes and does not show lazily looked-up {@code capath}
 *       certificates, which the assertions state where it matters.</li>
 * </ul>
 * Four CAs: {@code a} and {@code c} are ordinary roots, {@code b} is the one the layout deselects, blocklists,
 * rejects or removes, {@code local} is a locally added root.
 */
class DistributionMatrixIT {
    private static final List<String> CA_NAMES = List.of("a", "b", "c", "local");

    @TempDir
    Path base;
    private OverlayRootNamespace namespace;
    private Path share;
    private final Map<String, Issued> cas = new LinkedHashMap<>();
    private Map<String, String> hostBefore;

    @BeforeAll
    static void namespacesAvailable() throws Exception {
        OverlayRootNamespace.requireAvailable();
    }

    @BeforeEach
    void writeCertificates() throws IOException {
        hostBefore = HostTrustFiles.snapshot();
        namespace = new OverlayRootNamespace(base);
        share = namespace.share();
        for (String name : CA_NAMES) {
            Issued ca = TestCertificates.selfSignedCa("SystemTrust distro " + name);
            cas.put(name, ca);
            Files.writeString(share.resolve("ca-" + name + ".pem"), ca.pem());
            Files.writeString(share.resolve("leaf-" + name + ".pem"),
                    TestCertificates.server(ca, name + ".distro.test").pem());
        }
    }

    @AfterEach
    void hostUnchanged() {
        assertThat(HostTrustFiles.snapshot()).as("host trust files after the namespace run").isEqualTo(hostBefore);
    }

    @Test
    void debianUpdateCaCertificatesLeavesOutADeselectedCa() throws Exception {
        run("""
                debian_layout a '!b' c +local
                probe
                openssl_reference                         # OpenSSL's default file and directory
                python_reference /etc/ssl/certs/ca-certificates.crt
                """);
        assertAllAgree("a", "c", "local");
    }

    @Test
    void hostileEntriesAtTheRealPathsAreSkippedWithoutAHang() throws Exception {
        run("""
                debian_layout a c
                cd /etc/ssl/certs
                mkfifo fifo.pem                                  # open() would block forever
                /usr/bin/python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("socket.pem")'
                ln -s /dev/zero zero.pem                         # endless read
                ln -s /dev/urandom random.crt
                ln -s /nonexistent dangling.pem
                ln -s loop-b.pem loop-a.pem; ln -s loop-a.pem loop-b.pem
                ln -s . self                                     # directory cycle
                mkdir subdirectory.pem
                truncate -s 1G sparse.pem                        # over the size cap
                head -c 300 "$S/ca-local.pem" > truncated.pem    # a CA cut short must not appear
                printf '\\377\\376garbage\\n-----BEGIN CERTIFICATE-----\\n!!!\\n' > "$(printf 'bad-\\377-name.pem')"
                mkdir -p /system/etc/security/cacerts
                mkfifo /system/etc/security/cacerts/5a5a5a5a.0
                cd /
                probe
                openssl_reference
                python_reference /etc/ssl/certs/ca-certificates.crt
                """);
        assertAllAgree("a", "c");
    }

    @Test
    void fedoraP11KitExtractNeverAnchorsABlocklistedCa() throws Exception {
        run("""
                p11_sources /etc/pki/ca-trust/source /usr/share/pki/ca-trust-source
                fedora_extract
                probe
                openssl_reference -CAfile /etc/pki/tls/certs/ca-bundle.trust.crt
                python_reference /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem
                """);
        assertAllAgree("a", "c", "local");
        assertThat(Files.readString(share.resolve("openssl-bundle-blocks.txt")))
                .as("the OpenSSL bundle lists b with a serverAuth reject entry")
                .contains(fingerprint("b") + " rejects-serverAuth");
    }

    /**
     * An administrator adds b as an anchor and also blocklists it, both under {@code /etc/pki/ca-trust/source}.
     * p11-kit then leaves b out of {@code tls-ca-bundle.pem} but writes it into {@code ca-bundle.trust.crt}
     * with no trust or reject list, which OpenSSL's rules read as "self-signed, so trusted". Fedora's OpenSSL
     * never reads that file (its default is {@code tls-ca-bundle.pem} plus hashed {@code -CApath} lookups),
     * so neither may SystemTrust trust b through it.
     */
    @Test
    void fedoraAdministratorBlocklistNextToTheAnchorStaysDistrusted() throws Exception {
        run("""
                p11_trust_paths /etc/pki/ca-trust/source:/usr/share/pki/ca-trust-source
                mkdir -p /usr/share/pki/ca-trust-source/anchors /etc/pki/ca-trust/source/anchors \\
                    /etc/pki/ca-trust/source/blocklist
                cp "$S/ca-a.pem" "$S/ca-c.pem" /usr/share/pki/ca-trust-source/anchors/
                cp "$S/ca-b.pem" /etc/pki/ca-trust/source/anchors/
                cp "$S/ca-b.pem" /etc/pki/ca-trust/source/blocklist/
                fedora_extract
                probe
                openssl_reference -CAfile /etc/pki/tls/cert.pem -CApath /etc/pki/tls/certs   # Fedora's defaults
                python_reference /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem
                """);
        assertOpenSslTrusts("a", "c");
        assertPythonLists("a", "c");
        assertAnchors("a", "c");
    }

    @Test
    void archP11KitBundleAndHashedDirectory() throws Exception {
        run("""
                rm -rf /etc/ssl/certs /etc/ssl/cert.pem
                p11_sources /etc/ca-certificates/trust-source /usr/share/ca-certificates/trust-source
                mkdir -p /etc/ca-certificates/extracted
                server_auth_bundle /etc/ca-certificates/extracted/tls-ca-bundle.pem
                trust extract --format=pem-directory-hash --filter=ca-anchors --purpose=server-auth /etc/ssl/certs
                ln -s /etc/ca-certificates/extracted/tls-ca-bundle.pem /etc/ssl/cert.pem
                ln -s /etc/ca-certificates/extracted/tls-ca-bundle.pem /etc/ssl/certs/ca-certificates.crt
                probe
                openssl_reference -CApath /etc/ssl/certs -no-CAfile
                python_reference /etc/ssl/cert.pem
                """);
        assertAllAgree("a", "c", "local");
    }

    @Test
    void alpineCertPemOnly() throws Exception {
        run("""
                rm -rf /etc/ssl/certs /etc/ssl/cert.pem
                cat "$S/ca-a.pem" "$S/ca-c.pem" > /etc/ssl/cert.pem
                probe
                openssl_reference -CAfile /etc/ssl/cert.pem
                python_reference /etc/ssl/cert.pem
                """);
        assertAllAgree("a", "c");
    }

    @Test
    void openSuseVarLibBundleFromP11Kit() throws Exception {
        run("""
                rm -rf /etc/ssl/certs /etc/ssl/cert.pem
                p11_sources /etc/pki/trust /usr/share/pki/trust   # p11-kit 0.24: blocklist/, once blacklist/
                mkdir -p /var/lib/ca-certificates
                server_auth_bundle /var/lib/ca-certificates/ca-bundle.pem
                probe
                openssl_reference -CAfile /var/lib/ca-certificates/ca-bundle.pem
                python_reference /var/lib/ca-certificates/ca-bundle.pem
                """);
        assertAllAgree("a", "c", "local");
    }

    @Test
    void nixosTrustedCertificateBundleWithARejectEntry() throws Exception {
        run("""
                rm -rf /etc/ssl/certs/* /etc/ssl/cert.pem
                # The distrust must come from an earlier path than the anchor (like Mozilla's distrust records
                # over certdata): p11-kit 0.24 writes no reject list when both sit in one path.
                p11_trust_paths "$S/nix-distrust:$S/nix-source"
                mkdir -p "$S/nix-source/anchors" "$S/nix-distrust/blocklist"
                cp "$S/ca-a.pem" "$S/ca-b.pem" "$S/ca-c.pem" "$S/nix-source/anchors/"
                cp "$S/ca-b.pem" "$S/nix-distrust/blocklist/"
                trust extract --format=openssl-bundle --filter=certificates /etc/ssl/certs/ca-certificates.crt
                trusted_blocks /etc/ssl/certs/ca-certificates.crt > "$S/openssl-bundle-blocks.txt"
                probe
                openssl_reference -CAfile /etc/ssl/certs/ca-certificates.crt
                python_reference /etc/ssl/certs/ca-certificates.crt
                """);
        assertThat(Files.readString(share.resolve("openssl-bundle-blocks.txt")))
                .as("the bundle lists b with a serverAuth reject entry")
                .contains(fingerprint("b") + " rejects-serverAuth");
        assertAnchors("a", "c");
        assertOpenSslTrusts("a", "c");
        // Python lists what OpenSSL parsed, including b whose reject list only OpenSSL's verifier applies.
        assertPythonLists("a", "b", "c");
    }

    @Test
    void androidSystemDirectoryWithARemovedCa() throws Exception {
        run("""
                rm -rf /etc/ssl/certs/* /etc/ssl/cert.pem
                mkdir -p /system/etc/security/cacerts /data/misc/user/0/cacerts-removed
                android_name() { echo "$(openssl x509 -subject_hash_old -noout -in "$1").0"; }
                for ca in a b c; do   # Android's format: PEM followed by the text dump, named <old hash>.0
                  file="/system/etc/security/cacerts/$(android_name "$S/ca-$ca.pem")"
                  { openssl x509 -in "$S/ca-$ca.pem"; openssl x509 -in "$S/ca-$ca.pem" -noout -text; } > "$file"
                done
                cp "$S/ca-b.pem" "/data/misc/user/0/cacerts-removed/$(android_name "$S/ca-b.pem")"
                probe
                python_reference /system/etc/security/cacerts/*
                """);
        assertAnchors("a", "c");
        // Python reads every file of the directory; cacerts-removed is Android's own rule, unknown to OpenSSL.
        assertPythonLists("a", "b", "c");
    }

    @Test
    void sslCertFileAndDirReplaceTheDistributionLayout() throws Exception {
        run("""
                rm -rf /etc/ssl/certs/* /etc/ssl/cert.pem
                cp "$S/ca-a.pem" /etc/ssl/certs/ca-certificates.crt
                mkdir -p "$S/env-dir"
                cp "$S/ca-local.pem" "$S/env-dir/local.pem"
                openssl rehash "$S/env-dir"
                export_env SSL_CERT_FILE="$S/ca-c.pem" SSL_CERT_DIR="/nonexistent:$S/env-dir"
                probe
                openssl_reference
                python_reference
                """);
        assertAnchors("c", "local");
        assertOpenSslTrusts("c", "local");
        // get_ca_certs() omits capath certificates: OpenSSL looks those up lazily, during a handshake.
        assertPythonLists("c");
    }

    @Test
    void machineWithoutCaBundleFailsNamingEverySearchedPlace() throws Exception {
        run("""
                rm -rf /etc/ssl/certs /etc/ssl/cert.pem /etc/ssl/ca-bundle.pem
                probe
                """);
        assertThat(Files.readString(share.resolve("probe.rc")).strip()).isNotEqualTo("0");
        String error = Files.readString(share.resolve("probe.out"));
        assertThat(error).startsWith("ERROR ").contains("no trusted certificates");
        for (String place : List.of("/etc/ssl/certs/ca-certificates.crt",
                "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/certs/ca-bundle.crt",
                "/etc/ssl/ca-bundle.pem", "/var/lib/ca-certificates/ca-bundle.pem", "/etc/pki/tls/cacert.pem",
                "/etc/ssl/cert.pem", "/etc/ssl/certs", "/etc/pki/tls/certs", "/system/etc/security/cacerts")) {
            assertThat(error).as("error names %s", place).contains(place);
        }
    }

    private void run(String layout) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        namespace.run(ShellFunctions.prelude(share, java, classPath) + layout);
    }

    /** SystemTrust, {@code openssl verify} and Python all see exactly {@code expected}. */
    private void assertAllAgree(String... expected) throws IOException {
        assertAnchors(expected);
        assertOpenSslTrusts(expected);
        assertPythonLists(expected);
    }

    private void assertAnchors(String... expected) throws IOException {
        String rc = Files.readString(share.resolve("probe.rc")).strip();
        List<String> lines = Files.readAllLines(share.resolve("probe.out"));
        assertThat(rc).as("probe exit, output %s, stderr %s", lines,
                Files.readString(share.resolve("probe.err"))).isEqualTo("0");
        Set<String> anchors = lines.stream().filter(line -> line.startsWith("ANCHOR "))
                .map(line -> line.substring(7)).collect(Collectors.toCollection(TreeSet::new));
        assertThat(names(anchors)).as("SystemTrust anchors").isEqualTo(sorted(expected));
        assertThat(anchors).as("SystemTrust anchors, by fingerprint").isEqualTo(fingerprints(expected));
    }

    private void assertOpenSslTrusts(String... expected) throws IOException {
        Set<String> verified = new TreeSet<>(Files.readAllLines(share.resolve("openssl.out")));
        assertThat(verified).as("CAs whose leaf openssl verify accepts").isEqualTo(sorted(expected));
    }

    private void assertPythonLists(String... expected) throws IOException {
        Set<String> listed = new TreeSet<>(Files.readAllLines(share.resolve("python.out")));
        assertThat(listed).as("Python get_ca_certs, by fingerprint").isEqualTo(fingerprints(expected));
    }

    /** Maps fingerprints back to CA names; anything unknown stays visible as its fingerprint. */
    private Set<String> names(Set<String> fingerprints) {
        Set<String> names = new TreeSet<>();
        for (String value : fingerprints) {
            names.add(cas.keySet().stream().filter(name -> fingerprint(name).equals(value)).findFirst()
                    .orElse(value));
        }
        return names;
    }

    private Set<String> fingerprints(String... names) {
        return Arrays.stream(names).map(this::fingerprint).collect(Collectors.toCollection(TreeSet::new));
    }

    private String fingerprint(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cas.get(name).certificate().getEncoded()));
        } catch (CertificateEncodingException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> sorted(String... names) {
        return new TreeSet<>(Arrays.asList(names));
    }
}
