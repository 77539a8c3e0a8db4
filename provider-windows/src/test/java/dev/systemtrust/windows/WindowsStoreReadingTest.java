package dev.systemtrust.windows;

import static dev.systemtrust.windows.FakeStores.allUses;
import static dev.systemtrust.windows.FakeStores.listed;
import static dev.systemtrust.windows.FakeStores.noUses;
import static dev.systemtrust.windows.FakeStores.usageError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.CertificateStores.StoreListing;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsStoreReadingTest {
    private static final X509Certificate ROOT_A = TestCertificates.selfSignedCa("Windows Root A").certificate();
    private static final X509Certificate ROOT_B = TestCertificates.selfSignedCa("Windows Root B").certificate();
    private static final X509Certificate ROOT_C = TestCertificates.selfSignedCa("Windows Root C").certificate();
    private static final X509Certificate INTERMEDIATE = TestCertificates.intermediate(
            TestCertificates.selfSignedCa("Issuer"), "Windows Intermediate").certificate();
    private static final String EMAIL = "1.3.6.1.5.5.7.3.4";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeStores stores = new FakeStores();

    private TrustStoreReport read() {
        TrustStoreReport.Builder builder = TrustStoreReport.builder(WindowsBackend.ID);
        try {
            new WindowsStoreReading(stores, builder, NOW).read();
        } catch (Exception e) {
            throw new AssertionError("the read failed: " + e.getMessage(), e);
        }
        return builder.build();
    }

    /** What a read that must fail throws. */
    private static Throwable readFailure(CertificateStores stores) {
        return catchThrowable(() -> new WindowsStoreReading(stores, TrustStoreReport.builder(WindowsBackend.ID), NOW)
                .read());
    }

    private static List<X509Certificate> anchors(TrustStoreReport report) {
        return report.anchors().stream().map(TrustedCertificate::certificate).toList();
    }

    private static SearchedLocation searched(TrustStoreReport report, String location) {
        return report.searched().stream().filter(s -> s.location().equals(location)).findFirst().orElseThrow();
    }

    @Test
    void rootsAtEveryLocationAndTheMicrosoftRootsOfTheSystemProviderAreAnchors() {
        stores.root(StoreLocation.CURRENT_USER, ROOT_A, allUses())
                .root(StoreLocation.LOCAL_MACHINE_ENTERPRISE, ROOT_B, allUses())
                .add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", ROOT_C, allUses())
                .add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", ROOT_B, allUses());

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_A, ROOT_B, ROOT_C);
        assertThat(report.duplicatesMerged()).isEqualTo(1);
        assertThat(report.anchors().get(2).source()).isEqualTo("LOCAL_MACHINE\\ROOT (system)");
    }

    @Test
    void everyLocationOfRootDisallowedAndCaIsOpened() {
        read();

        assertThat(stores.opened).hasSize(16)
                .contains("CURRENT_USER\\Disallowed (registry)", "LOCAL_MACHINE_GROUP_POLICY\\ROOT (registry)",
                        "CURRENT_USER_GROUP_POLICY\\ROOT (registry)", "LOCAL_MACHINE\\ROOT (system)",
                        "LOCAL_MACHINE_ENTERPRISE\\CA (registry)");
    }

    @Test
    void disallowedAnywhereBeatsRootEverywhere() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses())
                .add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", ROOT_A, allUses())
                .root(StoreLocation.LOCAL_MACHINE, ROOT_B, allUses())
                .add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "Disallowed", ROOT_A, allUses());

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_B);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(ROOT_A);
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.DISTRUSTED);
            assertThat(excluded.source()).isEqualTo("CURRENT_USER\\Disallowed (registry)");
        });
    }

    @Test
    void enhancedKeyUsageDecidesServerAuthentication() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, listed(List.of(CLIENT_AUTH, "1.3.6.1.5.5.7.3.1")))
                .root(StoreLocation.LOCAL_MACHINE, ROOT_B, listed(List.of("2.5.29.37.0")))
                .root(StoreLocation.LOCAL_MACHINE, ROOT_C, listed(List.of(EMAIL, CLIENT_AUTH)));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_A, ROOT_B);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(ROOT_C);
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
            assertThat(excluded.detail()).contains("lacks serverAuth").contains(EMAIL);
        });
    }

    @Test
    void noUsesAndAnEnhancedKeyUsageErrorAreNeverAnchors() {
        stores.root(StoreLocation.CURRENT_USER, ROOT_A, noUses())
                .root(StoreLocation.CURRENT_USER, ROOT_B, usageError(0x80090008));

        TrustStoreReport report = read();

        assertThat(anchors(report)).isEmpty();
        assertThat(report.excluded()).extracting(ExcludedCertificate::detail).containsExactly(
                "enhanced key usage allows no purpose: the store's EKU property []",
                "CertGetEnhancedKeyUsage failed for the store's EKU property (0x80090008): not trusted without an "
                        + "answer");
    }

    @Test
    void aRootRefusedInOneStoreButFineInAnotherIsAnAnchor() {
        stores.root(StoreLocation.CURRENT_USER, ROOT_A, listed(List.of(EMAIL)))
                .root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses());

        assertThat(anchors(read())).containsExactly(ROOT_A);
    }

    @Test
    void microsoftsRestrictionOnOneCopyKeepsTheRootOutEvenWhereAnotherStoreListsItPlainly() {
        byte[] notBefore = {0, 0, 0, 0, 0, 0, 0, 0x01};
        stores.root(StoreLocation.CURRENT_USER, ROOT_A, allUses())
                .add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", FakeStores.der(ROOT_A), allUses(),
                        java.util.Map.of(WincryptConstants.CERT_NOT_BEFORE_FILETIME_PROP_ID,
                                CertificateStores.PropertyRead.of(notBefore)))
                .root(StoreLocation.LOCAL_MACHINE, ROOT_B, allUses());

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_B);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(ROOT_A);
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
            assertThat(excluded.source()).isEqualTo("LOCAL_MACHINE\\ROOT (system)");
            assertThat(excluded.detail()).startsWith("Windows trusts this root for serverAuth only for certificates "
                    + "issued before");
        });
    }

    @Test
    void aRootMicrosoftDisallowsForServersIsDistrustedLikeADisallowedEntry() {
        byte[] serverAuth = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
        stores.add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", FakeStores.der(ROOT_A), allUses(),
                        java.util.Map.of(WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID,
                                CertificateStores.PropertyRead.of(serverAuth)))
                .root(StoreLocation.CURRENT_USER, ROOT_A, allUses());

        TrustStoreReport report = read();

        assertThat(anchors(report)).isEmpty();
        assertThat(report.excluded()).extracting(ExcludedCertificate::reason)
                .containsExactly(ExclusionReason.DISTRUSTED);
    }

    @Test
    void onlyRootStoresAreAskedForUsageAndProperties() {
        read();

        for (int i = 0; i < stores.opened.size(); i++) {
            assertThat(stores.askedForUsage.get(i)).as(stores.opened.get(i))
                    .isEqualTo(stores.opened.get(i).contains("\\ROOT "));
        }
    }

    @Test
    void anEnumerationErrorFailsTheStoreButWhatWasListedBeforeStillCounts() {
        stores.set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "ROOT",
                        StoreListing.enumerated(List.of(new CertificateStores.StoreEntry(FakeStores.der(ROOT_A),
                                allUses(), FakeStores.properties(java.util.Map.of()))),
                                WincryptConstants.ERROR_ACCESS_DENIED))
                .root(StoreLocation.CURRENT_USER, ROOT_B, allUses())
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER_GROUP_POLICY, "ROOT",
                        StoreListing.openFailed(WincryptConstants.ERROR_NO_MORE_FILES))
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_GROUP_POLICY, "ROOT",
                        StoreListing.enumerated(List.of(), WincryptConstants.ERROR_NO_MORE_FILES));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_B, ROOT_A);
        assertThat(searched(report, "LOCAL_MACHINE\\ROOT (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::certificates, SearchedLocation::detail)
                .containsExactly(Outcome.FAILED, 1, "CertEnumCertificatesInStore failed after 1 certificates "
                        + "(ERROR_ACCESS_DENIED 0x00000005): the rest of this store was not read");
        assertThat(searched(report, "CURRENT_USER_GROUP_POLICY\\ROOT (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::detail)
                .containsExactly(Outcome.ABSENT, "no such store (ERROR_NO_MORE_FILES 0x00000012)");
        assertThat(searched(report, "LOCAL_MACHINE_GROUP_POLICY\\ROOT (registry)").outcome())
                .as("ERROR_NO_MORE_FILES ends an enumeration too").isEqualTo(Outcome.READ);
    }

    /**
     * A Disallowed store that exists but cannot be read fails the whole read: a store without that distrust would
     * trust what Windows refuses, and a live trust manager replaces its last good read only with a read that
     * succeeded.
     */
    @Test
    void aDisallowedStoreThatCannotBeOpenedFailsTheWholeReadNamingTheStoreAndTheError() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses())
                .add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "Disallowed", INTERMEDIATE, allUses())
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "Disallowed",
                        StoreListing.openFailed(WincryptConstants.ERROR_ACCESS_DENIED));

        assertThat(readFailure(stores)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("LOCAL_MACHINE\\Disallowed (registry)")
                .hasMessageContaining("CertOpenStore failed (ERROR_ACCESS_DENIED 0x00000005)");
    }

    @Test
    void aDisallowedStoreWhoseEnumerationStopsWithAnErrorFailsTheWholeRead() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses())
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_ENTERPRISE, "Disallowed",
                        StoreListing.enumerated(List.of(CertificateStores.StoreEntry.bare(FakeStores.der(ROOT_B))),
                                WincryptConstants.ERROR_ACCESS_DENIED));

        assertThat(readFailure(stores)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("LOCAL_MACHINE_ENTERPRISE\\Disallowed (registry)")
                .hasMessageContaining("CertEnumCertificatesInStore failed after 1 certificates "
                        + "(ERROR_ACCESS_DENIED 0x00000005)");
    }

    @Test
    void aDisallowedListingThatThrowsOrReturnsNothingFailsTheWholeRead() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses());
        CertificateStores throwing = (provider, location, store, usage) -> {
            if (location == StoreLocation.CURRENT_USER_GROUP_POLICY && store.equals("Disallowed")) {
                throw new IllegalStateException("boom");
            }
            return stores.list(provider, location, store, usage);
        };
        CertificateStores empty = (provider, location, store, usage) -> store.equals("Disallowed")
                && location == StoreLocation.LOCAL_MACHINE_GROUP_POLICY ? null
                : stores.list(provider, location, store, usage);

        assertThat(readFailure(throwing)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("CURRENT_USER_GROUP_POLICY\\Disallowed (registry)").hasMessageContaining("boom");
        assertThat(readFailure(empty)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("LOCAL_MACHINE_GROUP_POLICY\\Disallowed (registry)");
    }

    @Test
    void absentDisallowedStoresAreOnlyAbsent() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses())
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "Disallowed",
                        StoreListing.openFailed(WincryptConstants.ERROR_PATH_NOT_FOUND));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_A);
        assertThat(report.searched()).filteredOn(s -> s.location().contains("\\Disallowed "))
                .extracting(SearchedLocation::outcome).containsOnly(Outcome.ABSENT).hasSize(5);
    }

    @Test
    void intermediatesAreCountedButNeverAnchors() {
        stores.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "CA", INTERMEDIATE, allUses())
                .add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "CA", ROOT_A, allUses());

        TrustStoreReport report = read();

        assertThat(report.anchors()).isEmpty();
        assertThat(report.intermediates()).extracting(IntermediateCertificate::certificate)
                .containsExactly(INTERMEDIATE, ROOT_A);
        assertThat(searched(report, "LOCAL_MACHINE\\CA (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::certificates, SearchedLocation::detail)
                .containsExactly(Outcome.READ, 2, "intermediates: never anchors");
    }

    @Test
    void missingStoresAreAbsentAndFailingStoresAreFailedWhileOthersStillCount() {
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses())
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "ROOT",
                        StoreListing.openFailed(WincryptConstants.ERROR_ACCESS_DENIED));

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_A);
        assertThat(searched(report, "CURRENT_USER\\ROOT (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::detail)
                .containsExactly(Outcome.FAILED, "CertOpenStore failed (ERROR_ACCESS_DENIED 0x00000005)");
        assertThat(searched(report, "CURRENT_USER_GROUP_POLICY\\ROOT (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::detail)
                .containsExactly(Outcome.ABSENT, "no such store (ERROR_FILE_NOT_FOUND 0x00000002)");
    }

    @Test
    void garbageDerIsSkippedWithItsPositionAndTheRestIsRead() {
        stores.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "ROOT", new byte[] {0x30, 0x03, 1, 2, 3},
                        allUses(), java.util.Map.of())
                .root(StoreLocation.LOCAL_MACHINE, ROOT_B, allUses());

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(ROOT_B);
        assertThat(report.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.location()).isEqualTo("LOCAL_MACHINE\\ROOT (registry) #1");
            assertThat(skipped.reason()).startsWith("not a valid X.509 certificate");
        });
    }

    @Test
    void aListingThatThrowsOrReturnsNothingFailsOnlyThatStore() throws Exception {
        CertificateStores flaky = (provider, location, store, usage) -> {
            if (location == StoreLocation.CURRENT_USER && !store.equals("Disallowed")) {
                throw new IllegalStateException("boom");
            }
            if (location == StoreLocation.CURRENT_USER_GROUP_POLICY && !store.equals("Disallowed")) {
                return null;
            }
            return stores.list(provider, location, store, usage);
        };
        stores.root(StoreLocation.LOCAL_MACHINE, ROOT_A, allUses());
        TrustStoreReport.Builder builder = TrustStoreReport.builder(WindowsBackend.ID);

        int opened = new WindowsStoreReading(flaky, builder, NOW).read();
        TrustStoreReport report = builder.build();

        assertThat(opened).isEqualTo(1);
        assertThat(anchors(report)).containsExactly(ROOT_A);
        assertThat(searched(report, "CURRENT_USER\\ROOT (registry)").detail()).contains("boom");
        assertThat(searched(report, "CURRENT_USER_GROUP_POLICY\\ROOT (registry)").outcome()).isEqualTo(Outcome.FAILED);
    }
}
