package dev.systemtrust.it.distro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.it.clients.PrintAnchors;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.FakeRoot;
import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each distribution's trust-store layout, built with that distribution's own tool where one exists
 * ({@code update-ca-certificates}, p11-kit's {@code trust extract}), presented at the real paths in a throw-away
 * root, read by SystemTrust in a child JVM, and compared with the expected set and with an independent reader.
 *
 * <p>The certificate population is realistic: Debian's Mozilla roots, plus a locally added CA ({@code good}) and a
 * CA that is both an anchor and blocklisted ({@code blocked}); the blocklisted one must never be an anchor.
 */
class DistroMatrixTest {
    private static final Path MOZILLA = Path.of("/usr/share/ca-certificates/mozilla");
    private static final Path P11_KIT_TRUST_MODULE = Path.of("/usr/share/p11-kit/modules/p11-kit-trust.module");

    @TempDir
    static Path work;
    private static Path source;
    private static Set<String> mozilla;
    private static String good;
    private static String blocked;
    private static String hostBefore;

    @BeforeAll
    static void prepareCertificateSources() throws Exception {
        hostBefore = DebianEtcSsl.hostFingerprint();
        source = work.resolve("src");
        Path anchors = Files.createDirectories(source.resolve("anchors"));
        Path blocklist = Files.createDirectories(source.resolve("blocklist"));
        mozilla = new TreeSet<>();
        try (Stream<Path> files = Files.list(MOZILLA)) {
            for (Path file : files.sorted().toList()) {
                mozilla.add(sha256(file));
                Files.copy(file, anchors.resolve(file.getFileName().toString().replace(".crt", ".pem")));
            }
        }
        TestCertificates.Issued goodCa = TestCertificates.selfSignedCa("SystemTrust Matrix Local Root");
        TestCertificates.Issued blockedCa = TestCertificates.selfSignedCa("SystemTrust Matrix Blocked Root");
        Files.writeString(anchors.resolve("good.pem"), goodCa.pem());
        Files.writeString(anchors.resolve("blocked.pem"), blockedCa.pem());
        Files.writeString(blocklist.resolve("blocked.pem"), blockedCa.pem());
        good = AliasAssigner.sha256Hex(goodCa.certificate());
        blocked = AliasAssigner.sha256Hex(blockedCa.certificate());
        // p11-kit's trust module reads our anchors/ and blocklist/ instead of the distribution's.
        String module = Files.readString(P11_KIT_TRUST_MODULE)
                .replaceAll("(?m)^x-init-reserved:.*$", "x-init-reserved: paths=" + source);
        Files.writeString(work.resolve("p11-kit-trust.module"), module);
        Files.writeString(work.resolve("reference.py"), String.join("\n",
                "# Independent reader: what OpenSSL (through Python's ssl module) loads from a CA file.",
                "import hashlib, ssl, sys",
                "context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)",
                "if sys.argv[1] == '--default':",
                "    context.load_default_certs()",
                "else:",
                "    context.load_verify_locations(cafile=sys.argv[1])",
                "for der in context.get_ca_certs(binary_form=True):",
                "    print('REF', hashlib.sha256(der).hexdigest())",
                ""));
    }

    @AfterAll
    static void hostUnchanged() {
        assertThat(DebianEtcSsl.hostFingerprint()).as("the host's /etc/ssl is untouched").isEqualTo(hostBefore);
        assertThat(Path.of("/system")).doesNotExist();
    }

    private static String sha256(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return AliasAssigner.sha256Hex((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(pem.toString(), e);
        }
    }

    /** Output of one layout: SystemTrust's anchors and the reference reader's certificates. */
    private record Outcome(Set<String> anchors, Set<String> reference, String error, ChildProcess.Result raw) {
    }

    private static Outcome inFakeRoot(String layoutScript, String referenceScript, String... environment) {
        FakeRoot root = FakeRoot.under(work.resolve("fake-root-" + System.nanoTime()));
        for (int i = 0; i < environment.length; i += 2) {
            root.env(environment[i], environment[i + 1]);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = String.join("\n",
                "WORK=" + work + "; SRC=" + source,
                "cp \"$WORK/p11-kit-trust.module\" " + P11_KIT_TRUST_MODULE,
                "rm -f /etc/ca-certificates/update.d/*",
                layoutScript,
                "'" + java + "' -cp '" + ChildJvm.testClassPath() + "' " + PrintAnchors.class.getName() + " || true",
                referenceScript);
        ChildProcess.Result result = root.run(script);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Set<String> anchors = prefixed(result.stdout(), "ANCHOR ");
        Set<String> reference = prefixed(result.stdout(), "REF ");
        String error = result.stdout().lines().filter(line -> line.startsWith("ERROR ")).findFirst().orElse(null);
        return new Outcome(anchors, reference, error, result);
    }

    private static Set<String> prefixed(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> mozillaPlus(String... others) {
        Set<String> expected = new TreeSet<>(mozilla);
        expected.addAll(List.of(others));
        return expected;
    }

    private static String python(String argument) {
        return "python3 \"$WORK/reference.py\" " + argument;
    }

    /** p11-kit's own server-auth anchor set, extracted to a scratch file and read by the reference reader. */
    private static final String P11_KIT_SERVER_AUTH_REFERENCE = String.join("\n",
            "trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth -f /tmp/p11-kit-reference.pem",
            python("/tmp/p11-kit-reference.pem"));

    private static void assertExactly(Outcome outcome, Set<String> expected) {
        assertThat(outcome.error()).as(outcome.raw().describe()).isNull();
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(outcome.anchors());
        Set<String> unexpected = new TreeSet<>(outcome.anchors());
        unexpected.removeAll(expected);
        assertThat(missing).as("expected anchors SystemTrust lacks (good=%s)\n%s", good, outcome.raw().stderr())
                .isEmpty();
        assertThat(unexpected).as("anchors SystemTrust should not have (blocked=%s)", blocked).isEmpty();
        assertThat(outcome.anchors()).doesNotContain(blocked);
        assertThat(outcome.reference()).as("independent reference").isEqualTo(expected);
    }

    @Test
    void debianWithALocalCaAndADeselectedMozillaRoot() throws IOException {
        Path deselectedFile;
        try (Stream<Path> files = Files.list(MOZILLA)) {
            deselectedFile = files.sorted().findFirst().orElseThrow();
        }
        String deselected = "mozilla/" + deselectedFile.getFileName();
        Outcome outcome = inFakeRoot(String.join("\n",
                "mkdir -p /usr/local/share/ca-certificates",
                "cp \"$SRC/anchors/good.pem\" /usr/local/share/ca-certificates/systemtrust-good.crt",
                "sed -i 's|^" + deselected + "$|!" + deselected + "|' /etc/ca-certificates.conf",
                "update-ca-certificates --fresh >/dev/null 2>&1"),
                python("--default"));

        Set<String> expected = mozillaPlus(good);
        expected.remove(sha256(deselectedFile));
        // update-ca-certificates also adds this machine's own local CAs.
        try (Stream<Path> local = Files.list(Path.of("/usr/local/share/ca-certificates"))) {
            for (Path file : local.filter(f -> f.toString().endsWith(".crt")).toList()) {
                expected.add(sha256(file));
            }
        } catch (java.nio.file.NoSuchFileException none) {
            // no local CAs on this machine
        }
        assertExactly(outcome, expected);
    }

    @Test
    void fedoraTlsBundleAndOpenSslTrustBundleWithABlocklistedCa() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "rm -rf /etc/ssl /etc/pki",
                "mkdir -p /etc/ssl /etc/pki/ca-trust/extracted/pem /etc/pki/ca-trust/extracted/openssl /etc/pki/tls/certs",
                "trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth -f "
                        + "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                "trust extract --format=openssl-bundle --filter=certificates -f "
                        + "/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt",
                "ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/pki/tls/certs/ca-bundle.crt",
                "ln -s /etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt /etc/pki/tls/certs/ca-bundle.trust.crt",
                "ln -s /etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem /etc/pki/tls/cert.pem",
                "ln -s /etc/pki/tls/certs /etc/ssl/certs",
                "grep -q 'BEGIN TRUSTED CERTIFICATE' /etc/pki/tls/certs/ca-bundle.trust.crt"),
                P11_KIT_SERVER_AUTH_REFERENCE);

        assertExactly(outcome, mozillaPlus(good));
    }

    @Test
    void archP11KitExtractedBundleLinksAndHashDirectory() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "rm -rf /etc/ssl",
                "mkdir -p /etc/ssl /etc/ca-certificates/extracted",
                "trust extract --format=pem-directory-hash --filter=ca-anchors --purpose=server-auth -f /etc/ssl/certs",
                "trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth -f "
                        + "/etc/ca-certificates/extracted/tls-ca-bundle.pem",
                "ln -s /etc/ca-certificates/extracted/tls-ca-bundle.pem /etc/ssl/certs/ca-certificates.crt",
                "ln -s /etc/ca-certificates/extracted/tls-ca-bundle.pem /etc/ssl/cert.pem"),
                python("/etc/ssl/cert.pem"));

        assertExactly(outcome, mozillaPlus(good));
    }

    @Test
    void alpineWithOnlyEtcSslCertPem() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "rm -rf /etc/ssl && mkdir -p /etc/ssl",
                "trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth -f /etc/ssl/cert.pem"),
                python("/etc/ssl/cert.pem"));

        assertExactly(outcome, mozillaPlus(good));
    }

    @Test
    void openSuseVarLibCaCertificates() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "rm -rf /etc/ssl /var/lib/ca-certificates",
                "mkdir -p /etc/ssl /var/lib/ca-certificates",
                "trust extract --format=pem-bundle --filter=ca-anchors --purpose=server-auth -f "
                        + "/var/lib/ca-certificates/ca-bundle.pem",
                "trust extract --format=pem-directory-hash --filter=ca-anchors --purpose=server-auth -f "
                        + "/var/lib/ca-certificates/pem",
                "ln -s /var/lib/ca-certificates/pem /etc/ssl/certs"),
                python("/var/lib/ca-certificates/ca-bundle.pem"));

        assertExactly(outcome, mozillaPlus(good));
    }

    /**
     * The distrusted CA appears in the bundle with a reject list. (p11-kit 0.24 writes a CA that is both an anchor
     * and blocklisted without any attributes, losing the distrust; so here it is only blocklisted.)
     */
    @Test
    void nixOsTrustedCertificateBundleWithARejectEntry() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "rm -rf /etc/ssl \"$SRC/anchors/blocked.pem\" && mkdir -p /etc/ssl/certs",
                "trust extract --format=openssl-bundle --filter=certificates -f /etc/ssl/certs/ca-certificates.crt",
                "awk '/BEGIN TRUSTED/{n++} {print > (\"/tmp/nix-block-\" n)}' /etc/ssl/certs/ca-certificates.crt",
                "rejects=0; for f in /tmp/nix-block-*; do openssl x509 -in $f -noout -text -trustout 2>/dev/null"
                        + " | grep -q 'Rejected Uses:' && rejects=$((rejects+1)); done; echo \"REJECT-ENTRIES $rejects\""),
                P11_KIT_SERVER_AUTH_REFERENCE);

        assertThat(outcome.raw().stdout()).as("the bundle really carries one OpenSSL reject entry")
                .contains("REJECT-ENTRIES 1");
        assertExactly(outcome, mozillaPlus(good));
    }

    @Test
    void androidSystemDirectoryWithCacertsRemoved() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "rm -rf /etc/ssl /etc/pki",
                "mkdir -p /system/etc/security/cacerts /system/etc/security/cacerts-removed",
                "for f in \"$SRC\"/anchors/*.pem; do",
                "  h=$(openssl x509 -in \"$f\" -noout -subject_hash_old); n=0",
                "  while [ -e /system/etc/security/cacerts/$h.$n ]; do n=$((n+1)); done",
                "  cp \"$f\" /system/etc/security/cacerts/$h.$n",
                "done",
                "h=$(openssl x509 -in \"$SRC/blocklist/blocked.pem\" -noout -subject_hash_old)",
                "cp \"$SRC/blocklist/blocked.pem\" /system/etc/security/cacerts-removed/$h.0"),
                // Reference: openssl's fingerprints of cacerts/ minus those in cacerts-removed/.
                String.join("\n",
                        "for f in /system/etc/security/cacerts-removed/*; do "
                                + "openssl x509 -in \"$f\" -noout -fingerprint -sha256; done > /tmp/removed",
                        "for f in /system/etc/security/cacerts/*; do "
                                + "fp=$(openssl x509 -in \"$f\" -noout -fingerprint -sha256); "
                                + "grep -qx \"$fp\" /tmp/removed || echo \"$fp\"; done "
                                + "| sed 's/.*=//; s/://g' | tr 'A-F' 'a-f' | sed 's/^/REF /'"));

        assertExactly(outcome, mozillaPlus(good));
    }

    @Test
    void sslCertFileOverridesTheDistributionBundle() {
        Outcome outcome = inFakeRoot("cp \"$SRC/anchors/good.pem\" /tmp/only-good.pem", python("--default"),
                "SSL_CERT_FILE", "/tmp/only-good.pem");

        assertExactly(outcome, Set.of(good));
    }

    @Test
    void sslCertDirOverridesWithAHashedDirectory() {
        Outcome outcome = inFakeRoot(String.join("\n",
                "mkdir -p /tmp/hashed && cp \"$SRC/anchors/good.pem\" \"$SRC/anchors/blocked.pem\" /tmp/hashed/",
                "openssl rehash /tmp/hashed"),
                // OpenSSL loads capath certificates lazily, so the reference lists the directory's files itself.
                "for f in /tmp/hashed/*.pem; do openssl x509 -in \"$f\" -noout -fingerprint -sha256; done "
                        + "| sed 's/.*=//; s/://g' | tr 'A-F' 'a-f' | sed 's/^/REF /'",
                "SSL_CERT_DIR", "/tmp/hashed");

        assertThat(outcome.error()).as(outcome.raw().describe()).isNull();
        assertThat(outcome.anchors()).isEqualTo(Set.of(good, blocked)).isEqualTo(outcome.reference());
    }

    @Test
    void noCaBundleAnywhereFailsNamingEveryPlaceSearched() {
        Outcome outcome = inFakeRoot("rm -rf /etc/ssl /etc/pki /var/lib/ca-certificates /system",
                python("--default"));

        assertThat(outcome.anchors()).isEmpty();
        assertThat(outcome.reference()).as("OpenSSL finds nothing either").isEmpty();
        List<String> searched = new ArrayList<>(List.of("/etc/ssl/certs/ca-certificates.crt",
                "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/certs/ca-bundle.crt",
                "/etc/ssl/ca-bundle.pem", "/var/lib/ca-certificates/ca-bundle.pem", "/etc/pki/tls/cacert.pem",
                "/etc/ssl/cert.pem", "/etc/ssl/certs", "/etc/pki/tls/certs", "/system/etc/security/cacerts"));
        assertThat(outcome.error()).as(outcome.raw().describe())
                .contains("SystemTrust found no trusted certificates")
                .contains(searched)
                .contains("How to fix:");
    }
}
