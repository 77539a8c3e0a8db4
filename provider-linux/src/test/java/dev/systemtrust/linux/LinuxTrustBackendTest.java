package dev.systemtrust.linux;

import static dev.systemtrust.linux.TrustTree.anchors;
import static dev.systemtrust.linux.TrustedBlocks.EMAIL;
import static dev.systemtrust.linux.TrustedBlocks.SERVER_AUTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.TestCertificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinuxTrustBackendTest {
    private static final String DEBIAN_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";
    private static final String FEDORA_BUNDLE = "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem";
    private static final String ALPINE_BUNDLE = "/etc/ssl/cert.pem";
    private static final TestCertificates.Issued ROOT_A = TestCertificates.selfSignedCa("Root A");
    private static final TestCertificates.Issued ROOT_B = TestCertificates.selfSignedCa("Root B");
    private static final TestCertificates.Issued ROOT_C = TestCertificates.selfSignedCa("Root C");
    private static final X509Certificate A = ROOT_A.certificate();
    private static final X509Certificate B = ROOT_B.certificate();
    private static final X509Certificate C = ROOT_C.certificate();

    @TempDir
    Path temp;
    private TrustTree tree;

    @BeforeEach
    void setUp() {
        tree = new TrustTree(temp.resolve("root"));
    }

    private static String pem(X509Certificate certificate) {
        return TestCertificates.pem(certificate);
    }

    /** The name {@code openssl rehash} gives a certificate: its subject hash and a sequence number. */
    private static String hashName(X509Certificate certificate, int sequence) {
        try {
            return CanonicalName.hash(TbsFields.of(certificate.getEncoded()).subject) + "." + sequence;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SearchedLocation searched(TrustStoreReport report, String locationStart) {
        return report.searched().stream().filter(location -> location.location().startsWith(locationStart))
                .findFirst().orElseThrow(() -> new AssertionError("not searched: " + locationStart + " in "
                        + report.describeSearched()));
    }

    @Test
    void identifiesItselfAndIsFoundByServiceLoader() {
        LinuxTrustBackend backend = new LinuxTrustBackend();
        assertThat(backend.id()).isEqualTo("linux");
        assertThat(backend.supports("Linux")).isTrue();
        assertThat(backend.supports("Mac OS X")).isFalse();
        assertThat(backend.supports("Windows 11")).isFalse();
        assertThat(BackendSelector.discover().ids()).contains("linux");
        if ("Linux".equals(System.getProperty("os.name")) && System.getProperty(BackendSelector.BACKEND_PROPERTY) == null) {
            assertThatCode(() -> assertThat(BackendSelector.forThisJvm()).isInstanceOf(LinuxTrustBackend.class))
                    .doesNotThrowAnyException();
        }
        assertThat(backend.remedyWhenEmpty()).contains("ca-certificates", "SSL_CERT_FILE", "SSL_CERT_DIR");
    }

    @Test
    void firstReadableBundleWinsAndLaterOnesAreNotConsulted() {
        tree.write(FEDORA_BUNDLE, pem(A));
        tree.write(ALPINE_BUNDLE, pem(B));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(A);
        assertThat(searched(report, tree.path(DEBIAN_BUNDLE).toString()).outcome()).isEqualTo(Outcome.ABSENT);
        assertThat(searched(report, tree.path(FEDORA_BUNDLE).toString()))
                .extracting(SearchedLocation::outcome, SearchedLocation::certificates).containsExactly(Outcome.READ, 1);
        assertThat(searched(report, tree.path(ALPINE_BUNDLE).toString()).outcome()).isEqualTo(Outcome.NOT_CONSULTED);
        assertThat(searched(report, "SSL_CERT_FILE").outcome()).isEqualTo(Outcome.ABSENT);
    }

    @Test
    void bundleThatIsADirectoryFailsAndTheNextBundleWins() {
        tree.directory(DEBIAN_BUNDLE);
        tree.write(ALPINE_BUNDLE, pem(B));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(B);
        assertThat(searched(report, tree.path(DEBIAN_BUNDLE).toString()))
                .extracting(SearchedLocation::outcome, SearchedLocation::detail)
                .containsExactly(Outcome.FAILED, "is a directory, not a certificate file");
    }

    @Test
    void directoriesAreReadNextToTheBundleWithoutRereadingIt() {
        tree.write(DEBIAN_BUNDLE, pem(A) + pem(B));
        tree.write("/usr/share/ca-certificates/c.crt", pem(C));
        tree.link("/etc/ssl/certs/c.pem", tree.path("/usr/share/ca-certificates/c.crt").toString());
        tree.link("/etc/ssl/certs/" + hashName(C, 0), "c.pem");
        tree.write("/etc/ssl/certs/a.pem", pem(A));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactlyInAnyOrder(A, B, C);
        SearchedLocation certs = searched(report, tree.path("/etc/ssl/certs").toString() + " ");
        // The hash link is read first (c.crt); a.pem is read for reject entries only; the bundle itself and
        // c.pem are names of files read already.
        assertThat(certs.certificates()).isEqualTo(2);
        assertThat(certs.detail()).isEqualTo("2 files read, 2 names of files already read, 0 entries skipped");
        assertThat(report.duplicatesMerged()).isZero();
        assertThat(report.anchors()).filteredOn(anchor -> anchor.certificate().equals(A)).singleElement()
                .satisfies(anchor -> assertThat(anchor.source()).isEqualTo(tree.path(DEBIAN_BUNDLE).toString()));
    }

    @Test
    void bundleRuledOutByPrecedenceIsNotReadThroughADirectory() {
        tree.write(FEDORA_BUNDLE, pem(A));
        tree.write("/etc/pki/tls/certs/ca-bundle.crt", pem(B)); // an older, lower-precedence bundle
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(A);
        assertThat(searched(report, tree.path("/etc/pki/tls/certs").toString() + " ").detail())
                .startsWith("0 files read, 1 names");
    }

    @Test
    void derFilesInDirectoriesAreAccepted() {
        tree.write("/etc/ssl/certs/a.der", TrustedBlocks.der(A));
        tree.write("/etc/ssl/certs/b.cer", TrustedBlocks.der(B));
        tree.write("/etc/ssl/certs/3f2e1d0c.0", TrustedBlocks.der(C));
        assertThat(anchors(tree.read())).containsExactly(C, A, B);
    }

    @Test
    void sameCertificateUnderManyNamesIsOneAnchor() {
        for (int i = 0; i < 5; i++) {
            tree.write("/etc/ssl/certs/copy" + i + ".pem", pem(A));
            tree.link("/etc/ssl/certs/abcdef0" + i + ".0", "copy" + i + ".pem");
        }
        tree.write("/etc/ssl/certs/a.der", TrustedBlocks.der(A));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(A);
        assertThat(report.duplicatesMerged()).isEqualTo(5);
        assertThat(searched(report, tree.path("/etc/ssl/certs").toString() + " ").detail())
                .isEqualTo("6 files read, 5 names of files already read, 0 entries skipped");
    }

    @Test
    void trustedCertificateAliasBecomesTheLabel() {
        tree.write(DEBIAN_BUNDLE, TrustedBlocks.pem(A, List.of(SERVER_AUTH), null, "Friendly Root A") + pem(B));
        TrustStoreReport report = tree.read();
        assertThat(report.anchors()).extracting(anchor -> anchor.label()).containsExactly("Friendly Root A", null);
    }

    @Test
    void distrustInOneSourceRemovesTheCertificateFromAnother() {
        tree.write(DEBIAN_BUNDLE, pem(A) + pem(B));
        tree.write("/etc/pki/tls/certs/blocklist.pem", TrustedBlocks.pem(A, null, List.of(SERVER_AUTH), null));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(B);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(A);
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        });
    }

    @Test
    void distrustWinsEvenWhenReadBeforeTheTrust() {
        tree.write(DEBIAN_BUNDLE, TrustedBlocks.pem(A, List.of(SERVER_AUTH), List.of(TrustedBlocks.ANY_EKU), null) + pem(B));
        tree.write("/etc/ssl/certs/a.pem", pem(A));
        assertThat(anchors(tree.read())).containsExactly(B);
    }

    @Test
    void trustForOtherPurposesOnlyRejectsTlsServersAsOpensslDoes() {
        tree.write(DEBIAN_BUNDLE, TrustedBlocks.pem(A, List.of(EMAIL), null, null)
                + TrustedBlocks.pem(B, List.of(), null, null) + pem(C));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(C);
        assertThat(report.excluded()).extracting(excluded -> excluded.reason()).containsOnly(
                ExclusionReason.DISTRUSTED);
        assertThat(report.distrust().match(A)).isPresent();
        assertThat(report.distrust().match(B)).isPresent();
    }

    @Test
    void plainIntermediateIsNotAnAnchorButAnExplicitlyTrustedOneIs() {
        TestCertificates.Issued intermediate = TestCertificates.intermediate(ROOT_A, "Int");
        TestCertificates.Issued trustedIntermediate = TestCertificates.intermediate(ROOT_A, "Trusted Int");
        tree.write(DEBIAN_BUNDLE, intermediate.pem()
                + TrustedBlocks.pem(trustedIntermediate.certificate(), List.of(SERVER_AUTH), null, null));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(trustedIntermediate.certificate());
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(intermediate.certificate());
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        });
        assertThat(report.intermediates()).extracting(IntermediateCertificate::certificate)
                .containsExactly(intermediate.certificate());
    }

    @Test
    void opensslWrittenTrustedCertificatesDecideLikeOpensslVerify() throws Exception {
        // Each fixture was checked with `openssl verify -purpose sslserver -CAfile` (see openssl/README.md).
        for (String accepted : List.of("root.pem", "root-trust-serverauth-alias.pem", "root-trust-any.pem",
                "root-alias-only.pem", "intermediate-trust-serverauth.pem")) {
            TrustTree fresh = new TrustTree(temp.resolve("accepted-" + accepted));
            fresh.write(DEBIAN_BUNDLE, OpenSslTrustAttributesTest.fixture(accepted));
            assertThat(fresh.read().anchors()).as(accepted).hasSize(1);
        }
        for (String rejected : List.of("intermediate.pem", "root-trust-email.pem", "root-reject-serverauth.pem",
                "root-reject-any.pem")) {
            TrustTree fresh = new TrustTree(temp.resolve("rejected-" + rejected));
            fresh.write(DEBIAN_BUNDLE, OpenSslTrustAttributesTest.fixture(rejected));
            TrustStoreReport report = fresh.read();
            assertThat(report.anchors()).as(rejected).isEmpty();
            assertThat(report.excluded()).as(rejected).hasSize(1);
        }
    }

    @Test
    void p11KitExtractedAnchorKeepsItsLabel() throws Exception {
        tree.write(DEBIAN_BUNDLE, OpenSslTrustAttributesTest.fixture("p11-kit-accvraiz1.pem"));
        assertThat(tree.read().anchors()).singleElement().satisfies(anchor -> {
            assertThat(anchor.label()).isEqualTo("ACCVRAIZ1");
            assertThat(anchor.certificate().getSubjectX500Principal().getName()).contains("CN=ACCVRAIZ1");
        });
    }

    @Test
    void androidCacertsRemovedDistrustsSystemCertificates() {
        tree.write("/system/etc/security/cacerts/aaaaaaaa.0", pem(A) + "Certificate:\n    Data: text dump\n");
        tree.write("/system/etc/security/cacerts/bbbbbbbb.0", pem(B));
        tree.write("/data/misc/user/0/cacerts-removed/aaaaaaaa.0", pem(A));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(B);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.DISTRUSTED);
            assertThat(excluded.detail()).contains("cacerts-removed");
        });
    }

    @Test
    void cacertsRemovedEntryLinkingToTheTrustedFileStillDistrusts() {
        Path trusted = tree.write("/system/etc/security/cacerts/aaaaaaaa.0", pem(A));
        tree.link("/data/misc/user/0/cacerts-removed/aaaaaaaa.0", trusted.toString());
        assertThat(tree.read().anchors()).isEmpty();
    }

    @Test
    void cacertsRemovedDistrustsEvenWithBrokenTrustAttributes() {
        tree.write("/system/etc/security/cacerts/aaaaaaaa.0", pem(A));
        tree.write("/data/misc/user/0/cacerts-removed/aaaaaaaa.0",
                TrustedBlocks.pem(A, TrustedBlocks.concat(TrustedBlocks.aux(null, null, "x"), new byte[] {7})));
        assertThat(tree.read().anchors()).isEmpty();
    }

    @Test
    void sslCertFileAloneIsTheOnlySource() {
        tree.write(DEBIAN_BUNDLE, pem(A));
        tree.write("/etc/ssl/certs/b.pem", pem(B));
        Path custom = tree.write("/custom/bundle.pem", pem(C));
        TrustStoreReport report = tree.read(Map.of("SSL_CERT_FILE", custom.toString()));
        assertThat(anchors(report)).containsExactly(C);
        assertThat(report.searched()).extracting(SearchedLocation::location)
                .containsExactly(custom + " (SSL_CERT_FILE)", "SSL_CERT_DIR");
        assertThat(searched(report, "SSL_CERT_DIR").outcome()).isEqualTo(Outcome.ABSENT);
    }

    @Test
    void sslCertDirAloneReadsEveryListedDirectory() {
        tree.write(DEBIAN_BUNDLE, pem(A));
        Path first = tree.write("/custom/one/b.pem", pem(B)).getParent();
        Path second = tree.write("/custom/two/c.pem", pem(C)).getParent();
        TrustStoreReport report = tree.read(Map.of("SSL_CERT_DIR", first + "::" + second));
        assertThat(anchors(report)).containsExactly(B, C);
        assertThat(searched(report, "SSL_CERT_FILE").outcome()).isEqualTo(Outcome.ABSENT);
    }

    @Test
    void bothVariablesAreReadTogether() {
        Path file = tree.write("/custom/bundle.pem", pem(A));
        Path dir = tree.write("/custom/dir/" + hashName(B, 0), pem(B)).getParent();
        tree.write("/custom/dir/extra.pem", pem(C));
        tree.write(DEBIAN_BUNDLE, pem(C));
        TrustStoreReport report = tree.read(Map.of("SSL_CERT_FILE", file.toString(), "SSL_CERT_DIR", dir.toString()));
        assertThat(anchors(report)).containsExactly(A, B);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(C);
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        });
    }

    @Test
    void withABundleInUseADirectoryFileNotNamedLikeOpenSslsHashLookupCannotAddAnAnchor() {
        // Fedora: /etc/pki/tls/certs/ca-bundle.trust.crt lists every CA, a blocklisted one possibly without
        // reject attributes (p11-kit 0.24); tls-ca-bundle.pem, the bundle, already left it out.
        tree.write("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", pem(A));
        tree.write("/etc/pki/tls/certs/ca-bundle.trust.crt", pem(A) + pem(B));
        TrustStoreReport report = tree.read();
        assertThat(anchors(report)).containsExactly(A);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(B);
            assertThat(excluded.detail()).contains("only its reject entries count");
        });
    }

    @Test
    void withABundleInUseADirectoryFileNotNamedLikeAHashCanStillDistrust() {
        tree.write(DEBIAN_BUNDLE, pem(A) + pem(B));
        tree.write("/etc/ssl/certs/blocked.pem", TrustedBlocks.pem(B, null, List.of(SERVER_AUTH), null));
        assertThat(anchors(tree.read())).containsExactly(A);
    }

    @Test
    void withoutABundleEveryDirectoryFileCanBeAnAnchor() {
        tree.write("/etc/ssl/certs/corporate-root.pem", pem(A));
        assertThat(anchors(tree.read())).containsExactly(A);
    }

    @Test
    void missingPathsFromVariablesAreReportedAbsentAndNothingElseIsRead() {
        tree.write(DEBIAN_BUNDLE, pem(A));
        Path present = tree.write("/custom/dir/b.pem", pem(B)).getParent();
        Path missingFile = tree.path("/nope/bundle.pem");
        Path missingDir = tree.path("/nope/dir");
        TrustStoreReport report = tree.read(Map.of("SSL_CERT_FILE", missingFile.toString(),
                "SSL_CERT_DIR", missingDir + ":" + present));
        assertThat(anchors(report)).containsExactly(B);
        assertThat(searched(report, missingFile.toString()).outcome()).isEqualTo(Outcome.ABSENT);
        assertThat(searched(report, missingDir.toString()).outcome()).isEqualTo(Outcome.ABSENT);
    }

    @Test
    void onlyMissingVariablePathsMeansNoAnchorsNotTheDefaults() {
        tree.write(DEBIAN_BUNDLE, pem(A));
        TrustStoreReport report = tree.read(Map.of("SSL_CERT_FILE", tree.path("/nope.pem").toString()));
        assertThat(report.anchors()).isEmpty();
    }

    @Test
    void emptyVariablesCountAsUnset() {
        tree.write(DEBIAN_BUNDLE, pem(A));
        assertThat(anchors(tree.read(Map.of("SSL_CERT_FILE", "", "SSL_CERT_DIR", "")))).containsExactly(A);
    }

    @Test
    void sslCertFileInsideSslCertDirIsReadOnce() {
        Path bundle = tree.write("/custom/certs/bundle.pem", pem(A) + pem(B));
        TrustStoreReport report = tree.read(Map.of("SSL_CERT_FILE", bundle.toString(),
                "SSL_CERT_DIR", bundle.getParent().toString()));
        assertThat(anchors(report)).containsExactly(A, B);
        assertThat(report.duplicatesMerged()).isZero();
    }

    @Test
    void emptyStoreReportsEveryStandardLocation() {
        TrustStoreReport report = tree.read();
        assertThat(report.anchors()).isEmpty();
        LinuxTrustLocations locations = LinuxTrustLocations.under(tree.root);
        assertThat(report.searched()).hasSize(1 + locations.bundles().size() + locations.directories().size()
                + locations.distrustDirectories().size());
        assertThat(report.searched()).allSatisfy(location -> assertThat(location.outcome()).isEqualTo(Outcome.ABSENT));
    }

    @Test
    void withABundleInUseAHashedDirectoryCertificateWithABundleSubjectIsNotAnAnchorAsInOpenSsl() {
        // OpenSSL looks the directory up by subject only when its store (the bundle) has no such subject.
        X509Certificate lookAlike = TestCertificates.selfSignedCa("Root A").certificate();
        X509Certificate caseVariant = TestCertificates.selfSignedCa("root  a").certificate();
        tree.write(DEBIAN_BUNDLE, pem(A));
        tree.write("/etc/ssl/certs/" + hashName(A, 0), pem(A));
        tree.write("/etc/ssl/certs/" + hashName(A, 1), pem(lookAlike));
        tree.write("/etc/ssl/certs/" + hashName(A, 2), pem(caseVariant));
        tree.write("/etc/ssl/certs/" + hashName(C, 0), pem(C));

        TrustStoreReport report = tree.read();

        assertThat(anchors(report)).containsExactly(A, C);
        assertThat(report.excluded()).extracting(excluded -> excluded.certificate())
                .containsExactlyInAnyOrder(lookAlike, caseVariant);
        assertThat(report.excluded()).allSatisfy(excluded -> {
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
            assertThat(excluded.detail()).contains("OpenSSL never looks it up");
        });
    }

    @Test
    void aHashedDirectoryCopyOfABundleCertificateCannotOverrideTheBundlesTrustSettings() {
        // The bundle trusts A for client authentication only; OpenSSL never reads the directory copy.
        tree.write(DEBIAN_BUNDLE, TrustedBlocks.pem(A, List.of("1.3.6.1.5.5.7.3.2"), List.of(), null) + pem(C));
        tree.write("/etc/ssl/certs/" + hashName(A, 0), pem(A));
        tree.write("/etc/ssl/certs/" + hashName(C, 0), pem(C));

        TrustStoreReport report = tree.read();

        assertThat(anchors(report)).containsExactly(C);
        assertThat(report.excluded()).extracting(excluded -> excluded.certificate()).contains(A);
    }

    @Test
    void withoutABundleEveryHashedDirectoryCertificateCounts() {
        X509Certificate lookAlike = TestCertificates.selfSignedCa("Root A").certificate();
        tree.write("/etc/ssl/certs/0a1b2c3d.0", pem(A));
        tree.write("/etc/ssl/certs/0a1b2c3d.1", pem(lookAlike));

        assertThat(anchors(tree.read())).containsExactlyInAnyOrder(A, lookAlike);
    }

    /** OpenSSL tries SSL_CERT_DIR's directories in order and stops at the first whose hash files have the subject. */
    @Test
    void withSeveralDirectoriesTheFirstThatHasASubjectHidesItFromTheLaterOnes() throws Exception {
        X509Certificate lookAlike = TestCertificates.selfSignedCa("Root A").certificate();
        X509Certificate spelledOtherwise = OpenSslNames.selfSigned(OpenSslNames.name(
                new ASN1Encodable[] {OpenSslNames.attribute(OpenSslNames.O, new DERBMPString("systemtrust  TESTS"))},
                new ASN1Encodable[] {OpenSslNames.attribute(OpenSslNames.CN, new DERBMPString(" root a"))}));
        Path first = tree.write("/custom/one/0a1b2c3d.0", pem(A)).getParent();
        Path second = tree.write("/custom/two/0a1b2c3d.0", pem(lookAlike)).getParent();
        tree.write("/custom/two/0a1b2c3d.1", pem(spelledOtherwise));
        tree.write("/custom/two/4e5f6a7b.0", pem(C));

        TrustStoreReport report = tree.read(Map.of("SSL_CERT_DIR", first + ":" + second));

        assertThat(anchors(report)).containsExactly(A, C);
        assertThat(report.excluded()).extracting(excluded -> excluded.certificate())
                .containsExactlyInAnyOrder(lookAlike, spelledOtherwise);
        assertThat(report.excluded()).allSatisfy(excluded ->
                assertThat(excluded.detail()).startsWith("an earlier directory has a certificate with this subject"));
        assertThat(report.intermediates()).isEmpty();
    }

    @Test
    void aSubjectOnlyInALaterDirectoryStillCountsAndTheOrderDecides() {
        X509Certificate lookAlike = TestCertificates.selfSignedCa("Root A").certificate();
        Path first = tree.write("/custom/one/4e5f6a7b.0", pem(C)).getParent();
        Path second = tree.write("/custom/two/0a1b2c3d.0", pem(lookAlike)).getParent();
        Path third = tree.write("/custom/three/0a1b2c3d.0", pem(A)).getParent();

        assertThat(anchors(tree.read(Map.of("SSL_CERT_DIR", first + ":" + second + ":" + third))))
                .containsExactly(C, lookAlike);
        assertThat(anchors(tree.read(Map.of("SSL_CERT_DIR", first + ":" + third + ":" + second))))
                .containsExactly(C, A);
    }

    /** OpenSSL looks a subject up only under its own hash: a file named for another is never read. */
    @Test
    void withABundleInUseAFileNamedForAnotherSubjectHashCannotAddAnAnchor() {
        tree.write(DEBIAN_BUNDLE, pem(A));
        String wrongName = hashName(B, 0).startsWith("0badc0de") ? "0badc0df.0" : "0badc0de.0";
        tree.write("/etc/ssl/certs/" + wrongName, pem(B));
        tree.write("/etc/ssl/certs/" + hashName(C, 0), pem(C));

        TrustStoreReport report = tree.read();

        assertThat(anchors(report)).containsExactly(A, C);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(B);
            assertThat(excluded.detail()).startsWith("named <hash>.N for another subject");
        });
        assertThat(report.intermediates()).isEmpty();
    }

    @Test
    void withoutABundleAFileNamedForAnotherSubjectHashStillCountsLikeAnyOtherFile() {
        Path directory = tree.write("/custom/dir/0badc0de.0", pem(B)).getParent();

        assertThat(anchors(tree.read(Map.of("SSL_CERT_DIR", directory.toString())))).containsExactly(B);
    }

    /**
     * OpenSSL 3's default lookup reads {@code SSL_CERT_DIR} (or the default directory) a second way, through its store
     * loader, which decodes DER; its hashed-directory lookup reads PEM only, and the store loader takes {@code
     * SSL_CERT_DIR} whole, as one path. So a DER file under its hash name counts for a standard directory or a single
     * {@code SSL_CERT_DIR}, and adds nothing when {@code SSL_CERT_DIR} names several, with a bundle in use or
     * without.
     */
    @Test
    void aDerFileUnderItsHashNameCountsUnlessSslCertDirNamesSeveralDirectories() {
        Path bundle = tree.write(DEBIAN_BUNDLE, pem(A));
        Path first = tree.write("/custom/d1/" + hashName(B, 0), TrustedBlocks.der(B)).getParent();
        Path second = tree.write("/custom/d2/" + hashName(C, 0), pem(C)).getParent();
        tree.write("/etc/ssl/certs/" + hashName(B, 0), TrustedBlocks.der(B));

        TrustStoreReport standard = tree.read();
        TrustStoreReport single = tree.read(Map.of("SSL_CERT_FILE", bundle.toString(), "SSL_CERT_DIR",
                first.toString()));
        TrustStoreReport several = tree.read(Map.of("SSL_CERT_FILE", bundle.toString(), "SSL_CERT_DIR",
                first + ":" + second));

        assertThat(anchors(standard)).containsExactly(A, B);
        assertThat(anchors(single)).containsExactly(A, B);
        assertThat(anchors(several)).containsExactly(A, C);
        assertThat(several.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(B);
            assertThat(excluded.detail()).startsWith("a DER file, and SSL_CERT_DIR names several directories");
        });
        assertThat(several.intermediates()).isEmpty();
        TrustStoreReport severalWithoutBundle = tree.read(Map.of("SSL_CERT_DIR", first + ":" + second));
        assertThat(anchors(severalWithoutBundle)).containsExactly(C);
        assertThat(severalWithoutBundle.excluded()).extracting(ExcludedCertificate::certificate).containsExactly(B);
        assertThat(severalWithoutBundle.intermediates()).isEmpty();
    }

    /** OpenSSL fails to parse a certificate whose subject has no canonical form, so it is never an anchor there. */
    @Test
    void aSelfSignedCertificateOpenSslRefusesIsNotAnAnchor() {
        X509Certificate refused = TestCertificates.selfSignedCa(new javax.security.auth.x500.X500Principal(
                CertificateDecoderTest.INVALID_UTF8_NAME)).certificate();
        tree.write(DEBIAN_BUNDLE, pem(refused) + pem(A));

        TrustStoreReport report = tree.read();

        assertThat(anchors(report)).containsExactly(A);
        assertThat(report.intermediates()).isEmpty();
        assertThat(report.skipped()).singleElement().satisfies(skipped -> assertThat(skipped.reason())
                .startsWith("OpenSSL refuses this certificate: its subject has a value it cannot decode"));
    }

    @Test
    void aRejectEntryOnACertificateOpenSslRefusesStillDistrustsIt() {
        X509Certificate refused = TestCertificates.selfSignedCa(new javax.security.auth.x500.X500Principal(
                CertificateDecoderTest.INVALID_UTF8_NAME)).certificate();
        tree.write(DEBIAN_BUNDLE, pem(A) + TrustedBlocks.pem(refused, null, List.of(SERVER_AUTH), null));

        TrustStoreReport report = tree.read();

        assertThat(anchors(report)).containsExactly(A);
        assertThat(report.distrust().match(refused)).isPresent();
    }
}
