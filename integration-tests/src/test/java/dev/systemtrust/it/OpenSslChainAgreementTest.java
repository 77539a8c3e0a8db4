package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.clients.ChainVerdicts;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.OpenSsl;
import dev.systemtrust.it.harness.SameKeyCertificate;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SystemTrust's verdict on TLS server chains against {@code openssl verify -purpose sslserver}, over a corpus of
 * trust files whose roots and intermediates carry OpenSSL trust and reject lists ({@code TRUSTED CERTIFICATE} blocks
 * made by {@code openssl x509 -addtrust/-addreject -trustout}). OpenSSL reads each trust file with {@code -CAfile}
 * (nothing else: {@code -no-CApath -no-CAstore}) and gets the certificates the server sends with
 * {@code -untrusted}; SystemTrust reads the same file as {@code SSL_CERT_FILE} in a child JVM
 * ({@link ChainVerdicts}), through its TrustManager and through the JDK's PKIX over its KeyStore.
 *
 * <p>Every verdict of every case is recorded below, so a change in any direction fails. SystemTrust must never
 * accept what OpenSSL rejects; where it rejects what OpenSSL accepts, the case says why. Every trust file also holds
 * an unrelated root, so no case fails merely because the store has no anchor at all.
 */
class OpenSslChainAgreementTest {
    private static final String REJECTED = "certificate rejected";        // X509_V_ERR_CERT_REJECTED (28)
    private static final String PURPOSE = "unsuitable certificate purpose"; // X509_V_ERR_INVALID_PURPOSE (26)
    private static final String NO_ISSUER = "unable to get local issuer certificate"; // (20)
    private static final String NO_PATH = "unable to find valid certification path";
    private static final String DISTRUSTED = "is distrusted by the OS";
    private static final String SAME_KEY = "the OS distrusts a certificate with the same subject and public key";
    private static final String CA_PURPOSE = "may not issue TLS server certificates";

    private static final Issued BYSTANDER = TestCertificates.selfSignedCa("Corpus Bystander Root");
    private static final Issued ROOT = TestCertificates.selfSignedCa("Corpus Root");
    private static final Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Corpus Intermediate");
    private static final Issued LEAF = TestCertificates.server(INTERMEDIATE, "localhost", "127.0.0.1");
    private static final Issued ROOT_COPY = TestCertificates.reissued(ROOT);
    private static final Issued INTERMEDIATE_COPY = SameKeyCertificate.issuedBy(ROOT, INTERMEDIATE);
    private static final Issued ROOT_CROSS_SIGNED = SameKeyCertificate.issuedBy(BYSTANDER, ROOT);
    private static final Issued CLIENT_ROOT = TestCertificates.selfSignedCa("Corpus Client-Only Root",
            KeyPurposeId.id_kp_clientAuth);
    private static final Issued UNDER_CLIENT_ROOT = TestCertificates.intermediate(CLIENT_ROOT,
            "Corpus Intermediate under the Client-Only Root");
    private static final Issued LEAF_UNDER_CLIENT_ROOT = TestCertificates.server(UNDER_CLIENT_ROOT, "localhost");
    private static final Issued CLIENT_INTERMEDIATE = TestCertificates.intermediate(ROOT,
            "Corpus Client-Only Intermediate", KeyPurposeId.id_kp_clientAuth);
    private static final Issued LEAF_UNDER_CLIENT_INTERMEDIATE = TestCertificates.server(CLIENT_INTERMEDIATE,
            "localhost");
    private static final Issued UPPER = TestCertificates.intermediate(ROOT, "Corpus Upper Intermediate");
    private static final Issued LOWER = TestCertificates.intermediate(UPPER, "Corpus Lower Intermediate");
    private static final Issued DEEP_LEAF = TestCertificates.server(LOWER, "localhost");
    private static final Issued EXPIRED_ROOT = TestCertificates.expiredSelfSignedCa("Corpus Expired Root");
    private static final Issued PATH_LENGTH_ZERO_ROOT = TestCertificates.selfSignedCaWithPathLength(
            "Corpus Path Length Zero Root", 0);
    private static final Issued UNDER_PATH_LENGTH_ZERO = TestCertificates.intermediate(PATH_LENGTH_ZERO_ROOT,
            "Corpus Intermediate Below Path Length Zero");
    private static final Issued CONSTRAINED_ROOT = TestCertificates.selfSignedCaPermittingOnly(
            "Corpus Root For corp.test Only", "corp.test");

    /** A verdict: accepted, or rejected with a message that contains {@code reason}. */
    record Verdict(boolean accepted, String reason) {
        static Verdict accepts() {
            return new Verdict(true, null);
        }

        static Verdict rejects(String reason) {
            return new Verdict(false, reason);
        }

        boolean matches(String output) {
            return accepted ? output.equals("OK") : output.startsWith("FAIL") && output.contains(reason);
        }

        @Override
        public String toString() {
            return accepted ? "accepts" : "rejects (" + reason + ")";
        }
    }

    /**
     * One case: a trust file, the chain the server sends (leaf first) and the three recorded verdicts.
     *
     * @param difference why SystemTrust rejects what OpenSSL accepts; {@code null} when they agree
     */
    record Case(String name, List<String> trustFile, List<Issued> sent, Verdict openSsl, Verdict systemTrust,
            Verdict keyStore, String difference) {
        Case {
            if ((openSsl.accepted() != systemTrust.accepted()) != (difference != null)) {
                throw new IllegalArgumentException(name + ": a difference, and only a difference, needs a reason");
            }
        }
    }

    /** What each tool printed for one case. */
    record Outputs(String openSsl, String systemTrust, String keyStore) {
    }

    @TempDir
    static Path work;
    private static List<Case> corpus;
    private static Map<String, Outputs> outputs;

    @BeforeAll
    static void judgeTheCorpus() throws IOException {
        corpus = corpus();
        Map<String, String> openSsl = new LinkedHashMap<>();
        List<String> caseDirectories = new ArrayList<>();
        for (Case c : corpus) {
            Path directory = writeCase(c);
            caseDirectories.add(directory.toString());
            openSsl.put(c.name(), openSslVerify(directory, c.sent().size() > 1));
        }
        // SSL_CERT_DIR stays unset, so the trust file is all SystemTrust reads; no cache, so each case reads its own.
        ChildProcess.Result result = ChildJvm.on(Jdks.homes().get(0))
                .env("SSL_CERT_FILE", work.resolve("os-trust.pem").toString())
                .property("systemtrust.cache", "false")
                .runMain(ChainVerdicts.class.getName(), caseDirectories.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : result.stdout().lines().toList()) {
            String[] parts = line.split(" ", 3);
            lines.put(parts[0] + " " + parts[1], parts[2]);
        }
        outputs = new LinkedHashMap<>();
        for (Case c : corpus) {
            outputs.put(c.name(), new Outputs(openSsl.get(c.name()), lines.get(c.name() + " systemtrust"),
                    lines.get(c.name() + " keystore")));
        }
        assertThat(outputs.values()).as(result.describe()).allSatisfy(o -> assertThat(o.keyStore()).isNotNull());
    }

    private static List<Case> corpus() {
        List<Issued> sent = List.of(LEAF, INTERMEDIATE);
        List<Issued> deep = List.of(DEEP_LEAF, LOWER, UPPER);
        return List.of(
                new Case("trusted-root", List.of(plain(ROOT)), sent,
                        accepts(), accepts(), accepts(), null),
                new Case("root-rejected-for-serverAuth", List.of(trusted(ROOT, none(), of("serverAuth"))), sent,
                        rejects(REJECTED), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("root-trusted-for-anyExtendedKeyUsage",
                        List.of(trusted(ROOT, of("anyExtendedKeyUsage"), none())), sent,
                        accepts(), accepts(), accepts(), null),
                new Case("root-rejected-for-anyExtendedKeyUsage",
                        List.of(trusted(ROOT, none(), of("anyExtendedKeyUsage"))), sent,
                        rejects(REJECTED), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("root-trust-list-without-serverAuth", List.of(trusted(ROOT, of("clientAuth"), none())), sent,
                        rejects(REJECTED), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("intermediate-rejected-for-serverAuth",
                        List.of(plain(ROOT), trusted(INTERMEDIATE, none(), of("serverAuth"))), sent,
                        rejects(REJECTED), rejects(DISTRUSTED), accepts(), null),
                new Case("intermediate-rejected-for-anyExtendedKeyUsage",
                        List.of(plain(ROOT), trusted(INTERMEDIATE, none(), of("anyExtendedKeyUsage"))), sent,
                        rejects(REJECTED), rejects(DISTRUSTED), accepts(), null),
                new Case("intermediate-trust-list-without-serverAuth",
                        List.of(plain(ROOT), trusted(INTERMEDIATE, of("clientAuth"), none())), sent,
                        rejects(REJECTED), rejects(DISTRUSTED), accepts(), null),
                new Case("intermediate-rejected-for-clientAuth-only",
                        List.of(plain(ROOT), trusted(INTERMEDIATE, none(), of("clientAuth"))), sent,
                        accepts(), accepts(), accepts(), null),
                new Case("intermediate-trusted-for-serverAuth-without-its-root",
                        List.of(trusted(INTERMEDIATE, of("serverAuth"), none())), List.of(LEAF),
                        accepts(), accepts(), accepts(), null),
                new Case("reissued-intermediate-distrusted-other-copy-sent",
                        List.of(plain(ROOT), trusted(INTERMEDIATE_COPY, none(), of("serverAuth"))), sent,
                        rejects(REJECTED), rejects(SAME_KEY), accepts(), null),
                new Case("reissued-root-distrusted-listed-before-the-trusted-copy",
                        List.of(trusted(ROOT_COPY, none(), of("serverAuth")), plain(ROOT)), sent,
                        rejects(REJECTED), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("reissued-root-distrusted-listed-after-the-trusted-copy",
                        List.of(plain(ROOT), trusted(ROOT_COPY, none(), of("serverAuth"))), sent,
                        accepts(), rejects(NO_PATH), rejects(NO_PATH),
                        "OpenSSL uses whichever copy with the subject it loaded first, so the distrust of the "
                                + "re-issued copy depends on file order; SystemTrust distrusts the CA's subject and "
                                + "key whatever the order, as browsers distrust a key"),
                new Case("root-cross-signed-by-a-trusted-root", List.of(), List.of(LEAF, INTERMEDIATE,
                        ROOT_CROSS_SIGNED), accepts(), accepts(), accepts(), null),
                new Case("distrusted-root-cross-signed-by-a-trusted-root",
                        List.of(trusted(ROOT, none(), of("serverAuth"))), List.of(LEAF, INTERMEDIATE,
                        ROOT_CROSS_SIGNED), rejects(REJECTED), rejects(SAME_KEY), accepts(), null),
                new Case("root-with-clientAuth-only-EKU",
                        List.of(plain(CLIENT_ROOT)), List.of(LEAF_UNDER_CLIENT_ROOT, UNDER_CLIENT_ROOT),
                        rejects(PURPOSE), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("root-with-clientAuth-only-EKU-trusted-for-serverAuth",
                        List.of(trusted(CLIENT_ROOT, of("serverAuth"), none())),
                        List.of(LEAF_UNDER_CLIENT_ROOT, UNDER_CLIENT_ROOT),
                        accepts(), rejects(NO_PATH), rejects(NO_PATH),
                        "OpenSSL lets an explicit serverAuth trust entry override a trusted certificate's own EKU "
                                + "extension; SystemTrust applies the rule every backend shares (an anchor's own EKU "
                                + "must allow serverAuth or anyExtendedKeyUsage), as Windows and macOS do"),
                new Case("intermediate-with-clientAuth-only-EKU",
                        List.of(plain(ROOT)), List.of(LEAF_UNDER_CLIENT_INTERMEDIATE, CLIENT_INTERMEDIATE),
                        rejects(PURPOSE), rejects(CA_PURPOSE), accepts(), null),
                new Case("intermediate-with-clientAuth-only-EKU-trusted-for-serverAuth",
                        List.of(plain(ROOT), trusted(CLIENT_INTERMEDIATE, of("serverAuth"), none())),
                        List.of(LEAF_UNDER_CLIENT_INTERMEDIATE, CLIENT_INTERMEDIATE),
                        accepts(), rejects(CA_PURPOSE), accepts(),
                        "as for the root: OpenSSL lets the explicit serverAuth trust entry override the CA's own "
                                + "EKU extension, SystemTrust does not"),
                new Case("server-omits-intermediate-listed-as-plain-certificate",
                        List.of(plain(ROOT), plain(INTERMEDIATE)), List.of(LEAF),
                        accepts(), accepts(), rejects(NO_PATH), null),
                new Case("server-omits-intermediate-not-listed",
                        List.of(plain(ROOT)), List.of(LEAF),
                        rejects(NO_ISSUER), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("server-omits-distrusted-intermediate",
                        List.of(plain(ROOT), trusted(INTERMEDIATE, none(), of("serverAuth"))), List.of(LEAF),
                        rejects(REJECTED), rejects(NO_PATH), rejects(NO_PATH), null),
                new Case("distrusted-leaf",
                        List.of(plain(ROOT), trusted(LEAF, none(), of("serverAuth"))), sent,
                        accepts(), rejects(DISTRUSTED), accepts(),
                        "OpenSSL consults the trust store's copy of the leaf only with -partial_chain; SystemTrust "
                                + "rejects a certificate the OS distrusts at any depth, the leaf included"),
                new Case("depth-3-trusted-root", List.of(plain(ROOT)), deep,
                        accepts(), accepts(), accepts(), null),
                new Case("depth-3-upper-intermediate-rejected",
                        List.of(plain(ROOT), trusted(UPPER, none(), of("serverAuth"))), deep,
                        rejects(REJECTED), rejects(DISTRUSTED), accepts(), null),
                new Case("depth-3-server-omits-upper-intermediate-listed-as-plain-certificate",
                        List.of(plain(ROOT), plain(UPPER)), List.of(DEEP_LEAF, LOWER),
                        accepts(), accepts(), rejects(NO_PATH), null),
                new Case("expired-root", List.of(plain(EXPIRED_ROOT)),
                        List.of(TestCertificates.server(EXPIRED_ROOT, "localhost")),
                        rejects("certificate has expired"), rejects("is not valid now"), accepts(), null),
                new Case("root-path-length-0-with-an-intermediate", List.of(plain(PATH_LENGTH_ZERO_ROOT)),
                        List.of(TestCertificates.server(UNDER_PATH_LENGTH_ZERO, "localhost"), UNDER_PATH_LENGTH_ZERO),
                        rejects("path length constraint exceeded"), rejects("path length constraint"), accepts(),
                        null),
                new Case("root-path-length-0-issuing-the-leaf", List.of(plain(PATH_LENGTH_ZERO_ROOT)),
                        List.of(TestCertificates.server(PATH_LENGTH_ZERO_ROOT, "localhost")),
                        accepts(), accepts(), accepts(), null),
                new Case("name-constrained-root-leaf-outside", List.of(plain(CONSTRAINED_ROOT)),
                        List.of(TestCertificates.server(CONSTRAINED_ROOT, "www.bank.example")),
                        rejects("permitted subtree violation"), rejects("outside the name constraints"), accepts(),
                        null),
                new Case("name-constrained-root-leaf-inside", List.of(plain(CONSTRAINED_ROOT)),
                        List.of(TestCertificates.server(CONSTRAINED_ROOT, "www.corp.test")),
                        accepts(), accepts(), accepts(), null));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseHasItsRecordedVerdicts() {
        return corpus.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Outputs actual = outputs.get(c.name());
            assertThat(c.openSsl().matches(actual.openSsl())).as("openssl verify: expected %s, got %s", c.openSsl(),
                    actual.openSsl()).isTrue();
            assertThat(c.systemTrust().matches(actual.systemTrust())).as("SystemTrust TrustManager: expected %s, "
                    + "got %s", c.systemTrust(), actual.systemTrust()).isTrue();
            assertThat(c.keyStore().matches(actual.keyStore())).as("JDK PKIX over the SystemTrust KeyStore: "
                    + "expected %s, got %s", c.keyStore(), actual.keyStore()).isTrue();
        }));
    }

    @Test
    void systemTrustNeverAcceptsAChainOpenSslRejects() {
        List<String> widenings = corpus.stream()
                .filter(c -> !isOk(outputs.get(c.name()).openSsl()) && isOk(outputs.get(c.name()).systemTrust()))
                .map(Case::name).toList();

        assertThat(widenings).as("cases SystemTrust accepts and OpenSSL rejects\n%s", table()).isEmpty();
    }

    @Test
    void everyRemainingDifferenceIsAStricterSystemTrustWithItsReason() {
        Map<String, String> observed = corpus.stream()
                .filter(c -> isOk(outputs.get(c.name()).openSsl()) != isOk(outputs.get(c.name()).systemTrust()))
                .collect(Collectors.toMap(Case::name, c -> String.valueOf(c.difference()), (a, b) -> a,
                        LinkedHashMap::new));

        assertThat(observed).as("differences between openssl verify and SystemTrust\n%s", table())
                .containsOnlyKeys("reissued-root-distrusted-listed-after-the-trusted-copy",
                        "root-with-clientAuth-only-EKU-trusted-for-serverAuth",
                        "intermediate-with-clientAuth-only-EKU-trusted-for-serverAuth", "distrusted-leaf")
                .doesNotContainValue("null");
    }

    /**
     * The README's limitation of the plain KeyStore path: the JDK's PKIX over the SystemTrust KeyStore knows the
     * anchors only, so it accepts a chain through a certificate the OS distrusts below them (an intermediate in any
     * copy, a cross-certificate of a distrusted root, the leaf) or through a CA whose own EKU excludes TLS servers,
     * and it reads nothing from an anchor certificate itself (its validity, path length or name constraints); the
     * SystemTrust TrustManager rejects every one of them.
     */
    @Test
    void theKeyStorePathAloneCannotSeeWhatTheOsSaysBelowItsAnchors() {
        List<String> belowTheAnchors = List.of("intermediate-rejected-for-serverAuth",
                "intermediate-rejected-for-anyExtendedKeyUsage", "intermediate-trust-list-without-serverAuth",
                "reissued-intermediate-distrusted-other-copy-sent", "distrusted-root-cross-signed-by-a-trusted-root",
                "depth-3-upper-intermediate-rejected", "intermediate-with-clientAuth-only-EKU",
                "intermediate-with-clientAuth-only-EKU-trusted-for-serverAuth", "distrusted-leaf", "expired-root",
                "root-path-length-0-with-an-intermediate", "name-constrained-root-leaf-outside");

        List<String> keyStoreAccepts = corpus.stream().map(Case::name)
                .filter(name -> isOk(outputs.get(name).keyStore()) && !isOk(outputs.get(name).systemTrust()))
                .toList();

        assertThat(keyStoreAccepts).as(table()).containsExactlyInAnyOrderElementsOf(belowTheAnchors);
    }

    private static boolean isOk(String output) {
        return output.equals("OK");
    }

    /** The corpus as a table, for failure messages. */
    private static String table() {
        StringBuilder table = new StringBuilder();
        for (Case c : corpus) {
            Outputs o = outputs.get(c.name());
            table.append(String.format("%-70s openssl %-4s systemtrust %-4s keystore %-4s%n", c.name(),
                    isOk(o.openSsl()) ? "OK" : "FAIL", isOk(o.systemTrust()) ? "OK" : "FAIL",
                    isOk(o.keyStore()) ? "OK" : "FAIL"));
        }
        return table.toString();
    }

    private static Verdict accepts() {
        return Verdict.accepts();
    }

    private static Verdict rejects(String reason) {
        return Verdict.rejects(reason);
    }

    private static List<String> of(String... purposes) {
        return List.of(purposes);
    }

    private static List<String> none() {
        return List.of();
    }

    private static String plain(Issued certificate) {
        return certificate.pem();
    }

    /** {@code openssl x509 -addtrust/-addreject -trustout}: a TRUSTED CERTIFICATE block made by OpenSSL itself. */
    private static String trusted(Issued certificate, List<String> trust, List<String> reject) {
        try {
            Path pem = Files.createTempFile(Files.createDirectories(work.resolve("pem")), "cert", ".pem");
            Files.writeString(pem, certificate.pem());
            return OpenSsl.trustedCertificate(pem, trust, reject);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path writeCase(Case c) throws IOException {
        Path directory = Files.createDirectories(work.resolve("cases").resolve(c.name()));
        Files.writeString(directory.resolve("trust.pem"), BYSTANDER.pem() + String.join("", c.trustFile()));
        Files.writeString(directory.resolve("chain.pem"), c.sent().stream().map(Issued::pem)
                .collect(Collectors.joining()));
        Files.writeString(directory.resolve("leaf.pem"), c.sent().get(0).pem());
        Files.writeString(directory.resolve("sent-intermediates.pem"), c.sent().stream().skip(1).map(Issued::pem)
                .collect(Collectors.joining()));
        return directory;
    }

    /** "OK", or "FAIL" and what openssl printed. */
    private static String openSslVerify(Path directory, boolean sendsIntermediates) {
        List<String> command = new ArrayList<>(Arrays.asList("openssl", "verify", "-purpose", "sslserver",
                "-no-CApath", "-no-CAstore", "-CAfile", "trust.pem"));
        if (sendsIntermediates) {
            command.addAll(List.of("-untrusted", "sent-intermediates.pem"));
        }
        command.add("leaf.pem");
        ChildProcess.Result result = ChildProcess.run(command, Map.of("PATH", "/usr/bin:/bin"), directory);
        if (result.exitCode() == 0 && result.stdout().strip().equals("leaf.pem: OK")) {
            return "OK";
        }
        assertThat(result.stdout() + result.stderr()).as(result.describe()).contains("verification failed");
        return "FAIL " + (result.stdout() + " " + result.stderr()).replace('\n', ' ');
    }
}
