package dev.systemtrust.macos.jna;

import static dev.systemtrust.macos.jna.Shim.ADMIN;
import static dev.systemtrust.macos.jna.Shim.SYSTEM;
import static dev.systemtrust.macos.jna.Shim.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.macos.ForeignSignedCertificates;
import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.macos.TrustSettingsDomain;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SkippedInput;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read path end to end through the real JNA bindings, against the C shim that stands in for CoreFoundation and
 * Security.framework: every trust rule on data shaped as macOS returns it, every fault, and after each test no
 * argument error, leak, double release or use after release.
 */
@EnabledOnOs(OS.LINUX)
class NativeReadShimTest {
    private static final String SSL = "1.2.840.113635.100.1.3";
    private static final String SMIME = "1.2.840.113635.100.1.8";
    private static final TestCertificates.Issued APPLE = TestCertificates.selfSignedCa("Apple Shipped Root");
    private static final X509Certificate APPLE_ROOT = APPLE.certificate();
    private static final X509Certificate OTHER_APPLE_ROOT = TestCertificates.selfSignedCa("Other Shipped Root")
            .certificate();
    private static final TestCertificates.Issued CORP = TestCertificates.selfSignedCa("Corp Root");
    private static final X509Certificate CORP_ROOT = CORP.certificate();
    private static final X509Certificate DEV_ROOT = TestCertificates.selfSignedCa("Dev Proxy Root").certificate();

    @RegisterExtension
    static final ShimFixture os = new ShimFixture(ShimLibrary.Variant.FULL);
    private Shim shim;

    @BeforeEach
    void shim() {
        shim = os.shim;
    }

    private static TrustStoreReport read() throws TrustStoreException {
        return new MacosBackend().read();
    }

    private static X509Certificate root(String name) {
        return TestCertificates.selfSignedCa(name).certificate();
    }

    private static List<X509Certificate> anchors(TrustStoreReport report) {
        return report.anchors().stream().map(TrustedCertificate::certificate).toList();
    }

    private static ExcludedCertificate exclusionOf(TrustStoreReport report, X509Certificate certificate) {
        return report.excluded().stream().filter(e -> e.certificate().equals(certificate)).findFirst()
                .orElseThrow(() -> new AssertionError("not excluded: " + certificate.getSubjectX500Principal()));
    }

    @Test
    void adminTrustSettingsOverruleTheUsersBothWays() throws Exception {
        os.trust(USER, CORP_ROOT, "").trust(ADMIN, CORP_ROOT, "result=3");
        os.trust(USER, DEV_ROOT, "result=3").trust(ADMIN, DEV_ROOT, "");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(DEV_ROOT);
        assertThat(report.anchors().get(0).source()).isEqualTo(TrustSettingsDomain.ADMIN.location());
        assertThat(exclusionOf(report, CORP_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(exclusionOf(report, CORP_ROOT).source()).isEqualTo(TrustSettingsDomain.ADMIN.location());
    }

    @Test
    void userSettingsDecideWhenTheAdminDomainHasNone() throws Exception {
        os.trust(USER, DEV_ROOT, "policy=" + SSL + ",result=1");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(DEV_ROOT);
        assertThat(report.anchors().get(0).source()).isEqualTo(TrustSettingsDomain.USER.location());
    }

    @Test
    void theFirstApplyingDictionaryDecidesEvenWhenItIsUnspecified() throws Exception {
        X509Certificate smimeDenied = root("S/MIME Denied Root");
        os.trust(USER, DEV_ROOT, "policy=" + SSL + ",result=4|result=1");
        os.trust(USER, smimeDenied, "policy=" + SMIME + ",result=3|policy=" + SSL + ",result=1");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(smimeDenied);
        ExcludedCertificate dev = exclusionOf(report, DEV_ROOT);
        assertThat(dev.reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(dev.detail()).contains("Unspecified");
    }

    @Test
    void onlyTheApplicableArrayDecidesWithoutFallingThroughToTheSystemDomain() throws Exception {
        os.trust(SYSTEM, APPLE_ROOT, "").trust(USER, APPLE_ROOT, "policy=" + SSL + ",result=4");
        os.trust(SYSTEM, OTHER_APPLE_ROOT, "");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_APPLE_ROOT);
        assertThat(exclusionOf(report, APPLE_ROOT).source()).isEqualTo(TrustSettingsDomain.USER.location());
    }

    @Test
    void sslClientSettingsGrantNoServerTrustWhileSslServerOnesDo() throws Exception {
        X509Certificate clientRoot = root("Client Auth Root");
        X509Certificate serverRoot = root("Server Auth Root");
        X509Certificate namedOnly = root("Name Only Root");
        os.trust(USER, clientRoot, "policy=" + SSL + ",name=sslClient,result=1");
        os.trust(USER, serverRoot, "policy=" + SSL + ",name=sslServer,result=1");
        os.trust(USER, namedOnly, "name=sslServer,result=1");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(serverRoot, namedOnly);
        ExcludedCertificate client = exclusionOf(report, clientRoot);
        assertThat(client.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(client.detail()).contains("sslClient");
    }

    @Test
    void keyUsageMustBeExactlyCertificateSigningOrAny() throws Exception {
        X509Certificate signAndVerify = root("SignCert Plus Signature Root");
        X509Certificate signCert = root("SignCert Root");
        X509Certificate any = root("Any Use Root");
        X509Certificate signatureDeny = root("Signature Deny Root");
        X509Certificate minusOneTrust = root("Minus One Trust Root");
        X509Certificate minusOneDeny = root("Minus One Deny Root");
        os.trust(USER, signAndVerify, "keyusage=9,result=1");
        os.trust(USER, signCert, "keyusage=8,result=1");
        os.trust(USER, any, "keyusage64=0xffffffff,result=1");
        os.trust(USER, signatureDeny, "keyusage=1,result=3");
        os.trust(USER, minusOneTrust, "keyusage=-1,result=1");
        os.trust(USER, minusOneDeny, "keyusage=-1,result=3");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(signCert, any);
        assertThat(exclusionOf(report, signAndVerify).reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(exclusionOf(report, signAndVerify).detail()).contains("0x9");
        // A Deny limited to signatures does not apply to a CA in a TLS chain, as in trustd.
        assertThat(exclusionOf(report, signatureDeny).reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        // -1 is ambiguous: it never creates trust, and its Deny is honoured.
        assertThat(exclusionOf(report, minusOneTrust).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(exclusionOf(report, minusOneDeny).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
    }

    @Test
    void systemRootsAreExactlyWhatTheSystemDomainListsNotTheKeychainsRoots() throws Exception {
        X509Certificate keychainOnlyRoot = root("Keychain Only Root");
        os.trust(SYSTEM, APPLE_ROOT, "").list(SYSTEM, OTHER_APPLE_ROOT).keychain(keychainOnlyRoot);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(APPLE_ROOT, OTHER_APPLE_ROOT);
        assertThat(report.anchors()).extracting(TrustedCertificate::source)
                .containsOnly(TrustSettingsDomain.SYSTEM.location());
        assertThat(report.intermediates()).isEmpty();
        // The empty User and Admin domains answered errSecNoTrustSettings: read, not failed.
        assertThat(report.searched().subList(0, 2)).allSatisfy(domain -> {
            assertThat(domain.outcome()).isEqualTo(SearchedLocation.Outcome.READ);
            assertThat(domain.detail()).contains("-25263");
        });
    }

    @Test
    void selfSignedMeansSignedByItsOwnKeyNotJustNamedSo() throws Exception {
        X509Certificate forged = ForeignSignedCertificates.selfIssuedSignedByAnotherKey("Looks Self Signed");
        X509Certificate forgedTrustedAsRoot = ForeignSignedCertificates.selfIssuedSignedByAnotherKey("As Root");
        X509Certificate realRootAsRoot = root("Real Root Trusted As Root");
        os.trust(USER, forged, "");
        os.trust(USER, forgedTrustedAsRoot, "policy=" + SSL + ",result=2");
        os.trust(USER, realRootAsRoot, "policy=" + SSL + ",result=2");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(forgedTrustedAsRoot);
        assertThat(exclusionOf(report, forged).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(exclusionOf(report, forged).detail()).contains("not self-signed");
        assertThat(exclusionOf(report, realRootAsRoot).detail()).contains("TrustAsRoot");
    }

    @Test
    void errSecIoOnceIsRetried() throws Exception {
        os.trust(USER, DEV_ROOT, "");
        shim.shim_fail("SecTrustSettingsCopyCertificates", -36, 1);
        shim.shim_fail("SecTrustSettingsCopyTrustSettings", -36, 1);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(DEV_ROOT);
        assertThat(report.searched()).extracting(SearchedLocation::outcome).startsWith(SearchedLocation.Outcome.READ,
                SearchedLocation.Outcome.READ, SearchedLocation.Outcome.READ);
        assertThat(shim.shim_calls("SecTrustSettingsCopyCertificates")).isEqualTo(4);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void errSecIoTwiceFailsTheDomainByName() throws Exception {
        os.trust(SYSTEM, APPLE_ROOT, "");
        shim.shim_fail("SecTrustSettingsCopyCertificates", -36, 2);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(APPLE_ROOT);
        SearchedLocation user = report.searched().get(0);
        assertThat(user.location()).isEqualTo(TrustSettingsDomain.USER.location());
        assertThat(user.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(user.detail()).contains("-36", "errSecIO", "retry");
    }

    @Test
    void persistentErrSecIoOnLookupsFailsTheLoadNamingErrSecIo() {
        os.trust(SYSTEM, APPLE_ROOT, "").trust(SYSTEM, OTHER_APPLE_ROOT, "");
        shim.shim_fail("SecTrustSettingsCopyTrustSettings", -36, -1);

        // On this Linux machine the KeychainStore-ROOT fallback does not exist either, so the load fails.
        assertThatThrownBy(NativeReadShimTest::read).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("errSecIO").hasMessageContaining("retry");
    }

    @Test
    void corruptedTrustSettingsAreALoggedSkipOfThatCertificateOnly() throws Exception {
        os.trust(SYSTEM, APPLE_ROOT, "").trust(SYSTEM, OTHER_APPLE_ROOT, "")
                .settingsStatus(ADMIN, APPLE_ROOT, -25262);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_APPLE_ROOT);
        assertThat(report.skipped()).singleElement().extracting(SkippedInput::reason).asString()
                .contains("-25262", "corrupted", "not used as an anchor");
    }

    @Test
    void nullFromTheFrameworkIsReportedAndLeaksNothing() throws Exception {
        X509Certificate second = root("Second Root");
        X509Certificate policyless = root("Policy Unreadable Root");
        X509Certificate policylessDeny = root("Policy Unreadable Deny Root");
        os.trust(SYSTEM, APPLE_ROOT, "").trust(SYSTEM, OTHER_APPLE_ROOT, "").trust(ADMIN, second, "");
        os.trust(ADMIN, policyless, "policy=" + SSL + ",result=1").trust(ADMIN, policylessDeny,
                "policy=" + SSL + ",result=3");
        shim.shim_domain_status(USER, Shim.SUCCESS_WITH_NULL);
        shim.shim_fail("SecCertificateCopyData", 0, 1);
        shim.shim_fail("SecPolicyCopyProperties", 0, 2);

        TrustStoreReport report = read();

        assertThat(report.searched().get(0).outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(report.searched().get(0).detail()).contains("NULL");
        assertThat(report.skipped()).extracting(SkippedInput::reason).anyMatch(r -> r.contains("SecCertificateCopyData"));
        assertThat(anchors(report)).containsExactlyInAnyOrder(APPLE_ROOT, OTHER_APPLE_ROOT);
        assertThat(exclusionOf(report, policyless).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(exclusionOf(report, policylessDeny).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
    }

    @Test
    void aStringCreationFailingHalfwayThroughALookupSkipsOnlyThatCertificateAndLeaksNothing() throws Exception {
        os.trust(USER, DEV_ROOT, "").trust(SYSTEM, APPLE_ROOT, "").trust(SYSTEM, OTHER_APPLE_ROOT, "");
        // The first lookup (DEV_ROOT, Admin domain) has created two of its CFSTR keys when the third fails.
        shim.shim_fail_after("CFStringCreateWithCString", 2, 0, 1);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(APPLE_ROOT, OTHER_APPLE_ROOT);
        assertThat(report.skipped()).singleElement().extracting(SkippedInput::location).asString()
                .contains("Dev Proxy Root");
    }

    @Test
    void aCertificateSecurityFrameworkRefusesIsSkipped() throws Exception {
        os.trust(SYSTEM, APPLE_ROOT, "").trust(SYSTEM, OTHER_APPLE_ROOT, "");
        shim.shim_fail("SecCertificateCreateWithData", 0, 1);

        TrustStoreReport report = read();

        assertThat(report.anchors()).hasSize(1);
        assertThat(report.skipped()).singleElement().extracting(SkippedInput::reason).asString()
                .contains("SecCertificateCreateWithData returned NULL");
    }

    @Test
    void constraintsAKeyStoreCannotExpressOrThatCannotBeReadGrantNothing() throws Exception {
        X509Certificate forHost = root("Host Limited Root");
        X509Certificate forApp = root("App Limited Root");
        X509Certificate policyAsText = root("Policy As Text Root");
        X509Certificate policyAsTextDeny = root("Policy As Text Deny Root");
        X509Certificate resultAsText = root("Result As Text Root");
        X509Certificate corrupted = root("Not A Dictionary Root");
        os.trust(USER, forHost, "policy=" + SSL + ",string=shop.example.test,result=1");
        os.trust(USER, forApp, "app,result=1");
        os.trust(USER, policyAsText, "policytext=" + SSL + ",result=1");
        os.trust(USER, policyAsTextDeny, "policytext=" + SSL + ",result=3");
        os.trust(USER, resultAsText, "resulttext=1");
        os.trust(USER, corrupted, "result=1|notdict");
        os.trust(USER, DEV_ROOT, "");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(DEV_ROOT);
        assertThat(exclusionOf(report, forHost).reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(exclusionOf(report, forApp).reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(exclusionOf(report, policyAsText).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(exclusionOf(report, policyAsTextDeny).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(exclusionOf(report, resultAsText).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(exclusionOf(report, corrupted)).satisfies(excluded -> {
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
            assertThat(excluded.detail()).contains("TrustRoot", "not dictionaries (#1");
        });
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void anElementThatIsNotADictionaryIsSkippedAndALaterDenyStands() throws Exception {
        X509Certificate garbageThenDeny = root("Garbage Then Deny Root");
        X509Certificate garbageThenTrust = root("Garbage Then Trust Root");
        os.trust(USER, garbageThenDeny, "notdict|policy=" + SMIME + ",result=1|policy=" + SSL + ",result=3");
        os.trust(USER, garbageThenTrust, "notdict|policy=" + SSL + ",result=1");
        os.trust(USER, DEV_ROOT, "");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(DEV_ROOT);
        assertThat(exclusionOf(report, garbageThenDeny).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(exclusionOf(report, garbageThenTrust).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void anUnreadableAdminRecordLeavesTheUsersDenyStandingAndGrantsNothing() throws Exception {
        X509Certificate userTrusted = root("User Trusted Root");
        os.settingsStatus(ADMIN, CORP_ROOT, -25262).trust(USER, CORP_ROOT, "policy=" + SSL + ",result=3");
        os.settingsStatus(ADMIN, userTrusted, -25262).trust(USER, userTrusted, "policy=" + SSL + ",result=1");
        os.trust(SYSTEM, APPLE_ROOT, "").settingsStatus(ADMIN, APPLE_ROOT, -25262);
        os.trust(SYSTEM, OTHER_APPLE_ROOT, "");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_APPLE_ROOT);
        assertThat(exclusionOf(report, CORP_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(exclusionOf(report, CORP_ROOT).detail()).contains("-25262");
        assertThat(report.skipped()).hasSize(2).allSatisfy(skipped -> assertThat(skipped.reason())
                .contains("Admin domain", "-25262", "not used as an anchor"));
    }

    @Test
    void settingsThatAreNotAnArrayAreACorruptedRecordNamedAsSuch() throws Exception {
        os.trust(USER, DEV_ROOT, "notarray").trust(SYSTEM, APPLE_ROOT, "");

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(APPLE_ROOT);
        assertThat(report.skipped()).singleElement().extracting(SkippedInput::reason).asString()
                .contains("other than a CFArray", "corrupted");
    }

    @Test
    void keychainCasAndUnanchoredIntermediatesAreOfferedForPathBuilding() throws Exception {
        X509Certificate corpIssuing = TestCertificates.intermediate(CORP, "Corp Issuing CA").certificate();
        X509Certificate deniedIssuing = TestCertificates.intermediate(CORP, "Denied Issuing CA").certificate();
        TestCertificates.Issued keychainIssuing = TestCertificates.intermediate(APPLE, "Keychain Issuing CA");
        X509Certificate leaf = TestCertificates.server(keychainIssuing, "shop.example.test").certificate();
        os.trust(SYSTEM, APPLE_ROOT, "").trust(ADMIN, corpIssuing, "").trust(ADMIN, deniedIssuing, "result=3");
        os.keychain(keychainIssuing.certificate()).keychain(leaf).keychain(root("Keychain Root")).keychain(corpIssuing);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(APPLE_ROOT);
        assertThat(report.intermediates()).extracting(IntermediateCertificate::certificate)
                .containsExactlyInAnyOrder(corpIssuing, keychainIssuing.certificate());
        assertThat(report.intermediates()).filteredOn(i -> i.certificate().equals(corpIssuing))
                .extracting(IntermediateCertificate::source).containsExactly(TrustSettingsDomain.ADMIN.location());
        assertThat(report.intermediates()).filteredOn(i -> i.certificate().equals(keychainIssuing.certificate()))
                .extracting(IntermediateCertificate::source).singleElement().asString().startsWith("macOS keychains");
        assertThat(exclusionOf(report, deniedIssuing).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
    }

    @Test
    void aKeychainThatCannotBeSearchedCostsOnlyItsIntermediates() throws Exception {
        os.trust(SYSTEM, APPLE_ROOT, "");
        shim.shim_keychain_status(-25291);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(APPLE_ROOT);
        SearchedLocation keychains = report.searched().get(report.searched().size() - 1);
        assertThat(keychains.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(keychains.detail()).contains("-25291");
    }

    @Test
    void readingTrustSettingsNeverCreatesASecTrustSoNoRevocationOrNetworkWork() throws Exception {
        os.trust(SYSTEM, APPLE_ROOT, "").trust(ADMIN, CORP_ROOT, "policy=" + SSL + ",result=1")
                .trust(USER, DEV_ROOT, "result=3").keychain(DEV_ROOT);

        read();

        for (String function : List.of("SecPolicyCreateSSL", "SecTrustCreateWithCertificates",
                "SecTrustSetOCSPResponse", "SecTrustEvaluateWithError")) {
            assertThat(shim.shim_calls(function)).as(function).isZero();
        }
        assertThat(shim.shim_calls("SecTrustSettingsCopyTrustSettings")).isPositive();
    }
}
