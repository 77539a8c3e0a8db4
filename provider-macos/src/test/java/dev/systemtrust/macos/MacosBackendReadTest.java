package dev.systemtrust.macos;

import static dev.systemtrust.macos.Settings.APPLE_SMIME;
import static dev.systemtrust.macos.Settings.policy;
import static dev.systemtrust.macos.Settings.result;
import static dev.systemtrust.macos.Settings.ssl;
import static dev.systemtrust.macos.TrustSettingsDomain.ADMIN;
import static dev.systemtrust.macos.TrustSettingsDomain.SYSTEM;
import static dev.systemtrust.macos.TrustSettingsDomain.USER;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_DENY;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_TRUST_AS_ROOT;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_TRUST_ROOT;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.RootStoreFallback;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SkippedInput;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MacosBackendReadTest {
    private static final TestCertificates.Issued APPLE_ROOT = TestCertificates.selfSignedCa("Apple-Shipped Root");
    private static final X509Certificate SYSTEM_ROOT = APPLE_ROOT.certificate();
    private static final X509Certificate OTHER_SYSTEM_ROOT = TestCertificates.selfSignedCa("Another Shipped Root")
            .certificate();
    private static final TestCertificates.Issued CORP = TestCertificates.selfSignedCa("Corp Root");
    private static final X509Certificate CORP_ROOT = CORP.certificate();
    private static final X509Certificate CORP_INTERMEDIATE = TestCertificates.intermediate(CORP, "Corp Issuing CA")
            .certificate();
    private static final X509Certificate USER_ROOT = TestCertificates.selfSignedCa("Dev Proxy Root").certificate();
    private static final TrustSettingsLookup IO = TrustSettingsLookup.failed(OsStatus.IO);

    private final FakeTrustSettingsSource source = new FakeTrustSettingsSource();

    private TrustStoreReport read() throws Exception {
        return new MacosBackend(() -> source, new FailingFallback(), () -> null).read();
    }

    private static List<X509Certificate> anchors(TrustStoreReport report) {
        return report.anchors().stream().map(TrustedCertificate::certificate).toList();
    }

    private static ExcludedCertificate exclusionOf(TrustStoreReport report, X509Certificate certificate) {
        return report.excluded().stream().filter(e -> e.certificate().equals(certificate)).findFirst().orElseThrow();
    }

    @Test
    void systemRootsAndUserAlwaysTrustBecomeAnchorsWithTheirSources() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).list(SYSTEM, OTHER_SYSTEM_ROOT).trust(USER, USER_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(SYSTEM_ROOT, OTHER_SYSTEM_ROOT, USER_ROOT);
        assertThat(report.anchors()).filteredOn(a -> a.certificate().equals(USER_ROOT))
                .extracting(TrustedCertificate::source).containsExactly(USER.location());
        assertThat(report.anchors()).filteredOn(a -> a.certificate().equals(OTHER_SYSTEM_ROOT))
                .extracting(TrustedCertificate::source).containsExactly(SYSTEM.location());
        assertThat(report.excluded()).isEmpty();
    }

    @Test
    void searchedListsEveryDomainAndTheKeychainsWithCounts() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT).trust(ADMIN, CORP_ROOT,
                ssl(RESULT_TRUST_ROOT)).keychains(CORP_INTERMEDIATE);

        List<SearchedLocation> searched = read().searched();

        assertThat(searched).extracting(SearchedLocation::location).containsExactly(USER.location(),
                ADMIN.location(), SYSTEM.location(), TrustSettingsReading.KEYCHAINS_LOCATION);
        assertThat(searched).extracting(SearchedLocation::certificates).containsExactly(0, 1, 2, 1);
        assertThat(searched).extracting(SearchedLocation::outcome).containsOnly(SearchedLocation.Outcome.READ);
        assertThat(searched.get(0).detail()).contains("-25263");
    }

    @Test
    void denyInUserOrAdminOverridesSystemTrust() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT)
                .trust(USER, SYSTEM_ROOT, ssl(RESULT_DENY))
                .trust(ADMIN, OTHER_SYSTEM_ROOT, result(RESULT_DENY));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(exclusionOf(report, SYSTEM_ROOT).source()).isEqualTo(USER.location());
        assertThat(exclusionOf(report, OTHER_SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(exclusionOf(report, OTHER_SYSTEM_ROOT).source()).isEqualTo(ADMIN.location());
    }

    @Test
    void anAdminDenyOverrulesTheUsersTrustAndTheUserIsNotAsked() throws Exception {
        source.trust(ADMIN, CORP_ROOT, result(RESULT_DENY)).trust(USER, CORP_ROOT, ssl(RESULT_TRUST_ROOT));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, CORP_ROOT).source()).isEqualTo(ADMIN.location());
        assertThat(source.lookups(CORP_ROOT, USER)).isZero();
    }

    @Test
    void adminTrustOverrulesAUserDeny() throws Exception {
        source.trust(USER, CORP_ROOT, result(RESULT_DENY)).trust(ADMIN, CORP_ROOT);

        assertThat(anchors(read())).containsExactly(CORP_ROOT);
    }

    @Test
    void unspecifiedUserSettingsDecideWithoutFallingThroughToSystemTrust() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(USER, SYSTEM_ROOT, ssl(RESULT_UNSPECIFIED));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(exclusionOf(report, SYSTEM_ROOT).source()).isEqualTo(USER.location());
        assertThat(source.lookups(SYSTEM_ROOT, SYSTEM)).isZero();
    }

    @Test
    void intermediateWithoutTrustAsRootIsOnlyForPathBuildingAndWithItIsAnAnchor() throws Exception {
        source.trust(ADMIN, CORP_INTERMEDIATE);

        TrustStoreReport withEmptySettings = read();

        assertThat(withEmptySettings.anchors()).isEmpty();
        assertThat(exclusionOf(withEmptySettings, CORP_INTERMEDIATE).reason())
                .isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(withEmptySettings.intermediates()).extracting(IntermediateCertificate::certificate)
                .containsExactly(CORP_INTERMEDIATE);

        source.settings(ADMIN, CORP_INTERMEDIATE, TrustSettingsLookup.of(List.of(ssl(RESULT_TRUST_AS_ROOT))));
        TrustStoreReport trustedAsRoot = read();
        assertThat(anchors(trustedAsRoot)).containsExactly(CORP_INTERMEDIATE);
        assertThat(trustedAsRoot.intermediates()).isEmpty();
    }

    @Test
    void keychainCasThatAreNotRootsBecomeIntermediates() throws Exception {
        X509Certificate leaf = TestCertificates.server(CORP, "shop.example.test").certificate();
        source.trust(SYSTEM, SYSTEM_ROOT).keychains(CORP_INTERMEDIATE, leaf, CORP_ROOT, SYSTEM_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(SYSTEM_ROOT);
        assertThat(report.intermediates()).singleElement().satisfies(i -> {
            assertThat(i.certificate()).isEqualTo(CORP_INTERMEDIATE);
            assertThat(i.source()).isEqualTo(TrustSettingsReading.KEYCHAINS_LOCATION);
        });
    }

    @Test
    void rootTrustedOnlyForSmimeIsNotTrustedForServerAuth() throws Exception {
        source.trust(USER, USER_ROOT, policy(APPLE_SMIME, RESULT_TRUST_ROOT));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        ExcludedCertificate exclusion = exclusionOf(report, USER_ROOT);
        assertThat(exclusion.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(exclusion.detail()).contains(APPLE_SMIME);
    }

    @Test
    void systemSettingsThatAreOnlyUnspecifiedDoNotTrustASystemRoot() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT, ssl(RESULT_UNSPECIFIED));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
    }

    @Test
    void aCertificateNamedLikeItsIssuerButSignedByAnotherKeyIsNotSelfSigned() throws Exception {
        X509Certificate forged = ForeignSignedCertificates.selfIssuedSignedByAnotherKey("Name-Only Self-Issued");
        source.trust(USER, forged);

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, forged).detail()).contains("not self-signed");
    }

    @Test
    void failingDomainIsReportedAndSkippedWhileTheOthersStillCount() throws Exception {
        source.domain(ADMIN, CertificateListing.failed(OsStatus.NOT_AVAILABLE))
                .trust(USER, USER_ROOT).trust(SYSTEM, SYSTEM_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(USER_ROOT, SYSTEM_ROOT);
        SearchedLocation admin = report.searched().get(1);
        assertThat(admin.location()).isEqualTo(ADMIN.location());
        assertThat(admin.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(admin.detail()).contains("-25291");
        assertThat(report.skipped()).extracting(SkippedInput::location).containsExactly(ADMIN.location());
    }

    @Test
    void errSecIoIsRetriedOnceForListingsAndLookups() throws Exception {
        source.trust(USER, USER_ROOT).firstListingsAnswer(USER, CertificateListing.failed(OsStatus.IO))
                .firstLookupsAnswer(ADMIN, USER_ROOT, IO);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(USER_ROOT);
        assertThat(report.searched()).extracting(SearchedLocation::outcome).containsOnly(SearchedLocation.Outcome.READ);
        assertThat(source.lookups(USER_ROOT, ADMIN)).isEqualTo(2);
    }

    @Test
    void errSecIoTwiceFailsTheDomainOrTheCertificateNamingIt() throws Exception {
        source.trust(USER, USER_ROOT).trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT)
                .firstListingsAnswer(ADMIN, CertificateListing.failed(OsStatus.IO),
                        CertificateListing.failed(OsStatus.IO))
                .firstLookupsAnswer(USER, SYSTEM_ROOT, IO, IO);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(USER_ROOT, OTHER_SYSTEM_ROOT);
        assertThat(report.searched().get(1).outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(report.searched().get(1).detail()).contains("errSecIO", "after one retry");
        assertThat(report.skipped()).extracting(SkippedInput::reason)
                .anyMatch(reason -> reason.contains("errSecIO") && reason.contains("not used as an anchor"));
    }

    @Test
    void successWithANullArrayIsAFailedLocationNotAnEmptyOne() throws Exception {
        source.domain(USER, CertificateListing.of(null)).trust(SYSTEM, SYSTEM_ROOT);

        TrustStoreReport report = read();

        assertThat(report.searched().get(0).outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(report.searched().get(0).detail()).contains("NULL");
        assertThat(anchors(report)).containsExactly(SYSTEM_ROOT);
    }

    @Test
    void aNullSettingsArrayMeansNoSettingsInThatDomain() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT)
                .settings(ADMIN, SYSTEM_ROOT, TrustSettingsLookup.of(null))
                .settings(USER, SYSTEM_ROOT, TrustSettingsLookup.of(List.of(result(RESULT_DENY))))
                .settings(SYSTEM, OTHER_SYSTEM_ROOT, TrustSettingsLookup.of(null));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_SYSTEM_ROOT);
        assertThat(exclusionOf(report, SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void rawFactsFromTheNativeLayerAreWordedHereAndCostOnlyThatCertificate() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT).trust(USER, USER_ROOT)
                .settings(USER, USER_ROOT, new TrustSettingsLookup.NotAnArray())
                .settings(ADMIN, SYSTEM_ROOT, new TrustSettingsLookup.CertificateNotCreated());

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_SYSTEM_ROOT);
        assertThat(report.skipped()).extracting(SkippedInput::reason).satisfiesExactlyInAnyOrder(
                reason -> assertThat(reason).contains(USER.location(), "other than a CFArray", "corrupted"),
                reason -> assertThat(reason).contains(ADMIN.location(),
                        "SecCertificateCreateWithData returned NULL"));
    }

    @Test
    void corruptedTrustSettingsSkipOnlyThatCertificate() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT)
                .settings(USER, SYSTEM_ROOT, TrustSettingsLookup.failed(OsStatus.INVALID_TRUST_SETTINGS));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_SYSTEM_ROOT);
        assertThat(report.skipped()).hasSize(1);
        assertThat(report.skipped().get(0).location()).startsWith(SYSTEM.location()).contains("Apple-Shipped Root");
        assertThat(report.skipped().get(0).reason()).contains("-25262", "corrupted", "not used as an anchor");
    }

    @Test
    void anUnreadableAdminRecordLetsTheUsersDenyStandButNoUserOrSystemTrust() throws Exception {
        X509Certificate userTrusted = TestCertificates.selfSignedCa("User Trusted Root").certificate();
        source.trust(ADMIN, CORP_ROOT).settings(ADMIN, CORP_ROOT,
                TrustSettingsLookup.failed(OsStatus.INVALID_TRUST_SETTINGS))
                .settings(USER, CORP_ROOT, TrustSettingsLookup.of(List.of(ssl(RESULT_DENY))));
        source.trust(USER, userTrusted, ssl(RESULT_TRUST_ROOT))
                .firstLookupsAnswer(ADMIN, userTrusted, IO, IO);
        source.trust(SYSTEM, SYSTEM_ROOT).settings(ADMIN, SYSTEM_ROOT,
                TrustSettingsLookup.failed(OsStatus.NOT_AVAILABLE));
        source.trust(SYSTEM, OTHER_SYSTEM_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_SYSTEM_ROOT);
        ExcludedCertificate denied = exclusionOf(report, CORP_ROOT);
        assertThat(denied.reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(denied.source()).isEqualTo(USER.location());
        assertThat(denied.detail()).contains("Deny", "Admin domain", "-25262");
        assertThat(report.skipped()).extracting(SkippedInput::reason).satisfiesExactlyInAnyOrder(
                reason -> assertThat(reason).contains("errSecIO", "the User domain's settings do not distrust it"),
                reason -> assertThat(reason).contains("-25291").doesNotContain("User domain"));
        assertThat(source.lookups(SYSTEM_ROOT, SYSTEM)).as("System is not consulted in Admin's place").isZero();
    }

    @Test
    void aLookupThatThrowsSkipsOnlyThatCertificate() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).trust(SYSTEM, OTHER_SYSTEM_ROOT)
                .throwOnLookup(SYSTEM, OTHER_SYSTEM_ROOT, new IllegalStateException("CFNumber is not a number"));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(SYSTEM_ROOT);
        assertThat(report.skipped()).singleElement().extracting(SkippedInput::reason).asString()
                .contains("CFNumber is not a number");
    }

    @Test
    void unparsableAndMissingCertificateDataAreCountedSkips() throws Exception {
        List<byte[]> listed = new ArrayList<>();
        listed.add(FakeTrustSettingsSource.der(SYSTEM_ROOT));
        listed.add("not DER".getBytes());
        listed.add(null);
        listed.add(Arrays.copyOf(FakeTrustSettingsSource.der(OTHER_SYSTEM_ROOT), 40));
        source.domain(SYSTEM, CertificateListing.of(listed));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(SYSTEM_ROOT);
        assertThat(report.skipped()).extracting(SkippedInput::location).containsExactly(
                SYSTEM.location() + " #1", SYSTEM.location() + " #2", SYSTEM.location() + " #3");
        assertThat(report.skipped().get(1).reason()).contains("SecCertificateCopyData returned NULL");
        SearchedLocation system = report.searched().get(2);
        assertThat(system.certificates()).isEqualTo(4);
        assertThat(system.detail()).isEqualTo("3 of 4 unusable (see skipped)");
    }

    @Test
    void eachCertificateIsLookedUpOnlyInTheDomainsItsDecisionNeeds() throws Exception {
        source.trust(SYSTEM, SYSTEM_ROOT).list(USER, SYSTEM_ROOT).list(ADMIN, SYSTEM_ROOT)
                .trust(USER, USER_ROOT).trust(ADMIN, CORP_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(SYSTEM_ROOT, USER_ROOT, CORP_ROOT);
        for (TrustSettingsDomain domain : TrustSettingsDomain.values()) {
            assertThat(source.lookups(SYSTEM_ROOT, domain)).isEqualTo(1);
        }
        assertThat(source.lookups(USER_ROOT, ADMIN)).isEqualTo(1);
        assertThat(source.lookups(USER_ROOT, USER)).isEqualTo(1);
        assertThat(source.lookups(USER_ROOT, SYSTEM)).isZero();
        assertThat(source.lookups(CORP_ROOT, ADMIN)).isEqualTo(1);
        assertThat(source.totalLookups()).isEqualTo(6);
    }

    @Test
    void emptyButReadableDomainsAreAnAnswerNotAReasonToFallBack() throws Exception {
        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(report.searched()).extracting(SearchedLocation::outcome)
                .containsOnly(SearchedLocation.Outcome.READ);
    }

    /** A fallback that must not be reached in these tests. */
    private static final class FailingFallback implements RootStoreFallback {
        @Override
        public String location() {
            return "unexpected fallback";
        }

        @Override
        public List<X509Certificate> load() {
            throw new AssertionError("the fallback must not be used when the native read works");
        }
    }
}
