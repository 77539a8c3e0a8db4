package dev.systemtrust.macos;

import dev.systemtrust.spi.RootStoreFallback;
import static dev.systemtrust.macos.Settings.APPLE_SMIME;
import static dev.systemtrust.macos.Settings.policy;
import static dev.systemtrust.macos.Settings.result;
import static dev.systemtrust.macos.Settings.ssl;
import static dev.systemtrust.macos.TrustSettingsDomain.ADMIN;
import static dev.systemtrust.macos.TrustSettingsDomain.SYSTEM;
import static dev.systemtrust.macos.TrustSettingsDomain.USER;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_DENY;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_TRUST_AS_ROOT;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_TRUST_ROOT;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
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
    void systemRootsWithoutSettingsAndUserAlwaysTrustBecomeAnchorsWithTheirSources() throws Exception {
        source.systemRoots(SYSTEM_ROOT, OTHER_SYSTEM_ROOT).trust(USER, USER_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(SYSTEM_ROOT, OTHER_SYSTEM_ROOT, USER_ROOT);
        assertThat(report.anchors()).filteredOn(a -> a.certificate().equals(USER_ROOT))
                .extracting(TrustedCertificate::source).containsExactly(USER.location());
        assertThat(report.anchors()).filteredOn(a -> a.certificate().equals(SYSTEM_ROOT))
                .extracting(TrustedCertificate::source).containsExactly(TrustSettingsReading.SYSTEM_ROOTS_LOCATION);
        assertThat(report.excluded()).isEmpty();
    }

    @Test
    void searchedListsEveryDomainAndTheSystemRootsKeychainWithCounts() throws Exception {
        source.systemRoots(SYSTEM_ROOT, OTHER_SYSTEM_ROOT).trust(ADMIN, CORP_ROOT, ssl(RESULT_TRUST_ROOT));

        List<SearchedLocation> searched = read().searched();

        assertThat(searched).extracting(SearchedLocation::location).containsExactly(USER.location(),
                ADMIN.location(), SYSTEM.location(), TrustSettingsReading.SYSTEM_ROOTS_LOCATION);
        assertThat(searched).extracting(SearchedLocation::certificates).containsExactly(0, 1, 0, 2);
        assertThat(searched).extracting(SearchedLocation::outcome).containsOnly(SearchedLocation.Outcome.READ);
        assertThat(searched.get(0).detail()).contains("-25263");
    }

    @Test
    void denyInUserOrAdminOverridesSystemTrust() throws Exception {
        source.systemRoots(SYSTEM_ROOT, OTHER_SYSTEM_ROOT)
                .trust(SYSTEM, SYSTEM_ROOT)
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
    void userTrustDecidesBeforeAnAdminDenyAndStopsTheWalk() throws Exception {
        source.trust(ADMIN, CORP_ROOT, result(RESULT_DENY)).trust(USER, CORP_ROOT, ssl(RESULT_TRUST_ROOT));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(CORP_ROOT);
        assertThat(source.lookups(CORP_ROOT, ADMIN)).isZero();
    }

    @Test
    void unspecifiedUserSettingsFallThroughToAdmin() throws Exception {
        source.trust(USER, CORP_ROOT, ssl(RESULT_UNSPECIFIED)).trust(ADMIN, CORP_ROOT, result(RESULT_DENY));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, CORP_ROOT).source()).isEqualTo(ADMIN.location());
    }

    @Test
    void intermediateWithoutTrustAsRootHasNoTrustDecisionAndWithItIsAnAnchor() throws Exception {
        source.trust(ADMIN, CORP_INTERMEDIATE);

        TrustStoreReport withEmptySettings = read();

        assertThat(withEmptySettings.anchors()).isEmpty();
        assertThat(exclusionOf(withEmptySettings, CORP_INTERMEDIATE).reason())
                .isEqualTo(ExclusionReason.NO_TRUST_DECISION);

        source.settings(ADMIN, CORP_INTERMEDIATE, TrustSettingsLookup.of(List.of(ssl(RESULT_TRUST_AS_ROOT))));
        assertThat(anchors(read())).containsExactly(CORP_INTERMEDIATE);
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
        source.systemRoots(SYSTEM_ROOT).trust(SYSTEM, SYSTEM_ROOT, ssl(RESULT_UNSPECIFIED));

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(exclusionOf(report, SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
    }

    @Test
    void failingDomainIsReportedAndSkippedWhileTheOthersStillCount() throws Exception {
        source.domain(ADMIN, CertificateListing.failed(OsStatus.NOT_AVAILABLE))
                .trust(USER, USER_ROOT).systemRoots(SYSTEM_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(USER_ROOT, SYSTEM_ROOT);
        SearchedLocation admin = report.searched().get(1);
        assertThat(admin.location()).isEqualTo(ADMIN.location());
        assertThat(admin.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(admin.detail()).contains("-25291");
        assertThat(report.skipped()).extracting(SkippedInput::location).containsExactly(ADMIN.location());
    }

    @Test
    void successWithANullArrayIsAFailedLocationNotAnEmptyOne() throws Exception {
        source.domain(USER, CertificateListing.of(null)).systemRoots(SYSTEM_ROOT);

        TrustStoreReport report = read();

        assertThat(report.searched().get(0).outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        assertThat(report.searched().get(0).detail()).contains("NULL");
        assertThat(anchors(report)).containsExactly(SYSTEM_ROOT);
    }

    @Test
    void aNullSettingsArrayMeansNoSettingsInThatDomain() throws Exception {
        source.systemRoots(SYSTEM_ROOT, OTHER_SYSTEM_ROOT)
                .settings(USER, SYSTEM_ROOT, TrustSettingsLookup.of(null))
                .settings(ADMIN, SYSTEM_ROOT, TrustSettingsLookup.of(List.of(result(RESULT_DENY))))
                .settings(SYSTEM, OTHER_SYSTEM_ROOT, TrustSettingsLookup.of(null));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_SYSTEM_ROOT);
        assertThat(exclusionOf(report, SYSTEM_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(report.skipped()).isEmpty();
    }

    @Test
    void corruptedTrustSettingsSkipOnlyThatCertificate() throws Exception {
        source.systemRoots(SYSTEM_ROOT, OTHER_SYSTEM_ROOT)
                .settings(USER, SYSTEM_ROOT, TrustSettingsLookup.failed(OsStatus.INVALID_TRUST_SETTINGS));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(OTHER_SYSTEM_ROOT);
        assertThat(report.skipped()).hasSize(1);
        assertThat(report.skipped().get(0).location()).startsWith(USER.location()).contains("Apple-Shipped Root");
        assertThat(report.skipped().get(0).reason()).contains("-25262", "corrupted", "not used as an anchor");
    }

    @Test
    void aLookupThatThrowsSkipsOnlyThatCertificate() throws Exception {
        source.systemRoots(SYSTEM_ROOT, OTHER_SYSTEM_ROOT)
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
        source.systemRoots(CertificateListing.of(listed));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(SYSTEM_ROOT);
        assertThat(report.skipped()).extracting(SkippedInput::location).containsExactly(
                TrustSettingsReading.SYSTEM_ROOTS_LOCATION + " #1", TrustSettingsReading.SYSTEM_ROOTS_LOCATION + " #2",
                TrustSettingsReading.SYSTEM_ROOTS_LOCATION + " #3");
        assertThat(report.skipped().get(1).reason()).contains("SecCertificateCopyData returned NULL");
        SearchedLocation roots = report.searched().get(3);
        assertThat(roots.certificates()).isEqualTo(4);
        assertThat(roots.detail()).isEqualTo("3 of 4 unusable (see skipped)");
    }

    @Test
    void eachCertificateIsLookedUpAtMostOncePerDomainWhereverItIsListed() throws Exception {
        source.systemRoots(SYSTEM_ROOT).trust(SYSTEM, SYSTEM_ROOT).list(USER, SYSTEM_ROOT).list(ADMIN, SYSTEM_ROOT)
                .settings(USER, SYSTEM_ROOT, TrustSettingsLookup.of(List.of(ssl(RESULT_UNSPECIFIED))))
                .settings(ADMIN, SYSTEM_ROOT, TrustSettingsLookup.failed(OsStatus.ITEM_NOT_FOUND))
                .trust(USER, USER_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactlyInAnyOrder(SYSTEM_ROOT, USER_ROOT);
        for (TrustSettingsDomain domain : TrustSettingsDomain.values()) {
            assertThat(source.lookups(SYSTEM_ROOT, domain)).isEqualTo(1);
        }
        assertThat(source.lookups(USER_ROOT, USER)).isEqualTo(1);
        assertThat(source.totalLookups()).isEqualTo(4);
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
