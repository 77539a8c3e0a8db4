package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.StoreLocation;
import dev.systemtrust.windows.StoreProvider;
import dev.systemtrust.windows.WindowsBackend;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The backend as a user gets it ({@code new WindowsBackend()}, its {@code read()} and its OS verifier), with the
 * real JNA layer loading the crypt32 shim through {@code -Dsystemtrust.windows.crypt32}: stores at several
 * locations with realistic contents (ROOT, AuthRoot through the system provider, CA, Disallowed, usage and
 * Microsoft's partial-distrust properties) and faults, every rule applied end to end, nothing leaked.
 */
@EnabledOnOs(OS.LINUX)
class WindowsBackendOverShimTest {
    private static final String LIBRARY_PROPERTY = "systemtrust.windows.crypt32";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final byte[] SERVER_AUTH_LIST = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03,
            0x01};
    private static final byte[] CLIENT_AUTH_LIST = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03,
            0x02};
    /** 2019-01-01T00:00:00Z as a little-endian FILETIME. */
    private static final byte[] JANUARY_2019 = filetime(131907744000000000L);

    private static final X509Certificate USER_ROOT = TestCertificates.selfSignedCa("User Root").certificate();
    private static final X509Certificate POLICY_ROOT = TestCertificates.selfSignedCa("Policy Root").certificate();
    private static final X509Certificate CLIENT_ROOT = TestCertificates.selfSignedCa("Client Only Root").certificate();
    private static final X509Certificate MICROSOFT_ROOT = TestCertificates.selfSignedCa("Microsoft Root").certificate();
    private static final X509Certificate NO_LONGER_FOR_SERVERS = TestCertificates.selfSignedCa("Disallowed EKU Root")
            .certificate();
    private static final X509Certificate NOT_BEFORE_ROOT = TestCertificates.selfSignedCa("Not Before Root")
            .certificate();
    private static final X509Certificate CLIENT_DISALLOWED = TestCertificates.selfSignedCa("Client Disallowed Root")
            .certificate();
    private static final X509Certificate DISALLOWED_AS_CA = TestCertificates.selfSignedCa("Disallowed CA Date Root")
            .certificate();
    private static final X509Certificate DISALLOWED_ROOT = TestCertificates.selfSignedCa("Disallowed Root")
            .certificate();
    private static final TestCertificates.Issued ISSUER = TestCertificates.selfSignedCa("Issuer Root");
    private static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ISSUER, "Corp CA");
    private static final X509Certificate LEAF = TestCertificates.server(INTERMEDIATE, "example.test").certificate();

    private final Crypt32Shim shim = Crypt32Shim.load();

    @BeforeEach
    void useTheShim() {
        shim.reset();
        System.setProperty(LIBRARY_PROPERTY, shim.library.toString());
    }

    @AfterEach
    void useCrypt32Again() {
        System.clearProperty(LIBRARY_PROPERTY);
    }

    private int root(StoreProvider provider, StoreLocation location, X509Certificate certificate) {
        return shim.add(provider, location, "ROOT", certificate);
    }

    /** A read through the public path: nothing leaked, and no chain built or verified (no revocation, no network). */
    private TrustStoreReport read() throws TrustStoreException {
        TrustStoreReport report = new WindowsBackend().read();
        assertThat(shim.control.shim_calls("CertOpenStore")).as("the read opened stores").isPositive();
        for (String chainCall : List.of("CertGetCertificateChain", "CertVerifyCertificateChainPolicy",
                "CertFreeCertificateChain", "CertCreateCertificateContext", "CertSetCertificateContextProperty")) {
            assertThat(shim.control.shim_calls(chainCall)).as("%s during read()", chainCall).isZero();
        }
        shim.assertClean();
        return report;
    }

    private static List<X509Certificate> anchors(TrustStoreReport report) {
        return report.anchors().stream().map(TrustedCertificate::certificate).toList();
    }

    private static ExcludedCertificate exclusion(TrustStoreReport report, X509Certificate certificate) {
        return report.excluded().stream().filter(e -> e.certificate().equals(certificate)).findFirst().orElseThrow();
    }

    private static SearchedLocation searched(TrustStoreReport report, String location) {
        return report.searched().stream().filter(s -> s.location().equals(location)).findFirst().orElseThrow();
    }

    @Test
    void rootsAtEveryLocationWithTheirUsageDecideTheAnchors() throws Exception {
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, USER_ROOT);
        shim.propertyUsage(root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_GROUP_POLICY,
                POLICY_ROOT), CLIENT_AUTH + " " + SERVER_AUTH);
        shim.extensionUsage(root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, CLIENT_ROOT),
                CLIENT_AUTH);
        root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, MICROSOFT_ROOT);
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, DISALLOWED_ROOT);
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_ENTERPRISE, "Disallowed", DISALLOWED_ROOT);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(USER_ROOT, POLICY_ROOT, MICROSOFT_ROOT);
        assertThat(exclusion(report, CLIENT_ROOT).reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(exclusion(report, DISALLOWED_ROOT).reason()).isEqualTo(ExclusionReason.DISTRUSTED);
        assertThat(searched(report, "LOCAL_MACHINE\\ROOT (system)").outcome()).isEqualTo(Outcome.READ);
        assertThat(report.searched()).filteredOn(s -> s.outcome() == Outcome.ABSENT).hasSize(11);
    }

    @Test
    void noUseIsNoUseEvenWithAStaleLastErrorAndBothSourcesMustAllowServerAuth() throws Exception {
        int noUse = root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, CLIENT_ROOT);
        shim.propertyUsage(noUse, "");
        int both = root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, POLICY_ROOT);
        shim.extensionUsage(both, SERVER_AUTH + " " + CLIENT_AUTH).propertyUsage(both, CLIENT_AUTH);
        int agreeing = root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, USER_ROOT);
        shim.extensionUsage(agreeing, SERVER_AUTH + " " + CLIENT_AUTH).propertyUsage(agreeing, SERVER_AUTH);
        root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, MICROSOFT_ROOT);
        shim.control.shim_stale_last_error(1);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(USER_ROOT, MICROSOFT_ROOT);
        assertThat(exclusion(report, CLIENT_ROOT).detail()).isEqualTo(
                "enhanced key usage allows no purpose: the store's EKU property []");
        assertThat(exclusion(report, POLICY_ROOT).detail()).startsWith("enhanced key usage lacks serverAuth");
    }

    @Test
    void microsoftsPartialDistrustKeepsRootsOutOfTheAnchors() throws Exception {
        root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, MICROSOFT_ROOT);
        shim.property(root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, NO_LONGER_FOR_SERVERS),
                0x7a /* CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID */, SERVER_AUTH_LIST);
        shim.property(root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, NOT_BEFORE_ROOT),
                0x7e /* CERT_NOT_BEFORE_FILETIME_PROP_ID */, JANUARY_2019);
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, NOT_BEFORE_ROOT); // a copy without it
        shim.property(root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, CLIENT_DISALLOWED),
                0x7a /* CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID */, CLIENT_AUTH_LIST);
        shim.property(root(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, DISALLOWED_AS_CA),
                0x80 /* CERT_DISALLOWED_CA_FILETIME_PROP_ID */, JANUARY_2019);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(MICROSOFT_ROOT, CLIENT_DISALLOWED);
        assertThat(exclusion(report, DISALLOWED_AS_CA)).satisfies(excluded -> {
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
            assertThat(excluded.detail()).contains("as a CA for certificates issued after 2019-01-01T00:00:00Z");
        });
        assertThat(exclusion(report, NO_LONGER_FOR_SERVERS)).satisfies(excluded -> {
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.DISTRUSTED);
            assertThat(excluded.detail()).contains("Microsoft disallows this root for serverAuth");
        });
        assertThat(exclusion(report, NOT_BEFORE_ROOT)).satisfies(excluded -> {
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
            assertThat(excluded.detail()).contains("issued before 2019-01-01T00:00:00Z");
        });
    }

    @Test
    void caStoresAreIntermediatesForPathBuildingNeverAnchors() throws Exception {
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, USER_ROOT);
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "CA", INTERMEDIATE.certificate());
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_ENTERPRISE, "CA", ISSUER.certificate());

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(USER_ROOT);
        assertThat(report.intermediates()).extracting(IntermediateCertificate::certificate)
                .containsExactly(INTERMEDIATE.certificate(), ISSUER.certificate());
    }

    @Test
    void anEnumerationErrorFailsItsStoreLoudlyWhileAnAbsentStoreIsOnlyAbsent() throws Exception {
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, USER_ROOT);
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, POLICY_ROOT);
        shim.control.shim_store_enumeration_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.LOCAL_MACHINE.flag(), "ROOT", 1, 5 /* ERROR_ACCESS_DENIED */);
        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.CURRENT_USER_GROUP_POLICY.flag(), "ROOT", 18 /* ERROR_NO_MORE_FILES */);
        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.LOCAL_MACHINE_GROUP_POLICY.flag(), "ROOT", 3 /* ERROR_PATH_NOT_FOUND */);
        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.CURRENT_USER.flag(), "CA", 5 /* ERROR_ACCESS_DENIED */);

        TrustStoreReport report = read();

        assertThat(anchors(report)).containsExactly(USER_ROOT);
        assertThat(searched(report, "LOCAL_MACHINE\\ROOT (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::detail)
                .containsExactly(Outcome.FAILED, "CertEnumCertificatesInStore failed after 1 certificates "
                        + "(ERROR_ACCESS_DENIED 0x00000005): the rest of this store was not read");
        assertThat(searched(report, "CURRENT_USER_GROUP_POLICY\\ROOT (registry)").outcome()).isEqualTo(Outcome.ABSENT);
        assertThat(searched(report, "LOCAL_MACHINE_GROUP_POLICY\\ROOT (registry)").outcome())
                .isEqualTo(Outcome.ABSENT);
        assertThat(searched(report, "CURRENT_USER\\CA (registry)"))
                .extracting(SearchedLocation::outcome, SearchedLocation::detail)
                .containsExactly(Outcome.FAILED, "CertOpenStore failed (ERROR_ACCESS_DENIED 0x00000005)");
    }

    @Test
    void aDisallowedStoreWindowsDeniesAccessToFailsTheLoadNamingItInsteadOfDroppingItsDistrust() {
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, USER_ROOT);
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "Disallowed", DISALLOWED_ROOT);
        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.LOCAL_MACHINE.flag(), "Disallowed", 5 /* ERROR_ACCESS_DENIED */);

        assertThatThrownBy(() -> new WindowsBackend().read()).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("LOCAL_MACHINE\\Disallowed (registry)")
                .hasMessageContaining("CertOpenStore failed (ERROR_ACCESS_DENIED 0x00000005)")
                .as("no fallback to SunMSCAPI, which applies no Disallowed store").hasMessageNotContaining("Windows-ROOT");
        shim.assertClean();
    }

    @Test
    void aDisallowedStoreWhoseEnumerationFailsMidwayFailsTheLoadAndLeaksNothing() {
        root(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, USER_ROOT);
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "Disallowed", DISALLOWED_ROOT);
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "Disallowed", CLIENT_ROOT);
        shim.control.shim_store_enumeration_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.LOCAL_MACHINE.flag(), "Disallowed", 1, 5 /* ERROR_ACCESS_DENIED */);

        assertThatThrownBy(() -> new WindowsBackend().read()).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("LOCAL_MACHINE\\Disallowed (registry)")
                .hasMessageContaining("CertEnumCertificatesInStore failed after 1 certificates (ERROR_ACCESS_DENIED "
                        + "0x00000005)")
                .hasMessageNotContaining("Windows-ROOT");
        shim.assertClean();
    }

    @Test
    void aCrypt32MissingAFunctionFailsTheLoadNamingTheFunctionAndLeaksNothing() {
        Crypt32Shim broken = Crypt32Shim.variant("CertGetCertificateContextProperty").reset();
        broken.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "ROOT", USER_ROOT);
        System.setProperty(LIBRARY_PROPERTY, broken.library.toString());

        // On Linux the SunMSCAPI fallback cannot load either, so the load fails naming both causes.
        assertThatThrownBy(() -> new WindowsBackend().read()).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("CertGetCertificateContextProperty").hasMessageContaining("Windows-ROOT");
        broken.assertClean();
    }

    @Test
    void theOsVerifierAsksWindowsForServerAuthWithBoundedRevocationAndTheStapledResponse() throws Exception {
        ServerChainVerifier verifier = new WindowsBackend().serverChainVerifier().orElseThrow();
        byte[] ocsp = {0x30, 0x03, 0x0a, 0x01, 0x00};

        try {
            verifier.verifyServer(new X509Certificate[] {LEAF, INTERMEDIATE.certificate()}, "ECDHE_RSA",
                    "example.test.", List.of(ocsp, new byte[0]));
        } catch (CertificateException e) {
            throw new AssertionError(e.getMessage() + "; the shim saw:\n" + shim.control.shim_violations(), e);
        }

        Map<String, String> chain = Crypt32Shim.fields(shim.control.shim_last_chain_call());
        assertThat(chain).containsEntry("cbSize", "96")
                .containsEntry("usages", "1.3.6.1.5.5.7.3.1,1.3.6.1.4.1.311.10.3.3,2.16.840.1.113730.4.1")
                .containsEntry("type", "1").containsEntry("timeout", "3000").containsEntry("flags", "0x18000001")
                .containsEntry("ocsp", HexFormat.of().formatHex(ocsp));
        assertThat(Crypt32Shim.fields(shim.control.shim_last_policy_call())).containsEntry("flags", "0xf00")
                .containsEntry("host", "example.test");
        shim.assertClean();
    }

    @Test
    void aChainWindowsRejectsIsRejectedWithWindowsReason() {
        shim.control.shim_chain_verdict(0x20 /* CERT_TRUST_IS_UNTRUSTED_ROOT */, 0x800B0109 /* CERT_E_UNTRUSTEDROOT */,
                0, 1, -1);
        ServerChainVerifier verifier = new WindowsBackend().serverChainVerifier().orElseThrow();

        assertThatThrownBy(() -> verifier.verifyServer(new X509Certificate[] {LEAF, INTERMEDIATE.certificate()},
                "RSA", "example.test")).isInstanceOf(CertificateException.class)
                .hasMessageContaining("CERT_E_UNTRUSTEDROOT").hasMessageContaining("CN=Corp CA");
        shim.assertClean();
    }

    /**
     * The path Windows built (the leaf, an intermediate the server did not send, the root), copied out of the chain
     * context before it is freed, exactly once; a certificate the server sent off that path is not in it.
     */
    @Test
    void theOsVerifierReturnsThePathWindowsBuiltIncludingWhatItSuppliedItself() throws Exception {
        shim.control.shim_chain_path(shim.certificate(INTERMEDIATE.certificate()));
        shim.control.shim_chain_path(shim.certificate(ISSUER.certificate()));
        ServerChainVerifier verifier = new WindowsBackend().serverChainVerifier().orElseThrow();

        List<X509Certificate> path = verifier.verifiedChain(new X509Certificate[] {LEAF, USER_ROOT}, "ECDHE_ECDSA",
                "example.test", List.of());

        assertThat(path).containsExactly(LEAF, INTERMEDIATE.certificate(), ISSUER.certificate());
        assertThat(shim.control.shim_calls("CertGetCertificateChain")).isEqualTo(1);
        assertThat(shim.control.shim_calls("CertFreeCertificateChain")).isEqualTo(1);
        shim.assertClean();
    }

    @Test
    void aChainWindowsRejectsHasNoVerifiedPath() {
        shim.control.shim_chain_verdict(0x20 /* CERT_TRUST_IS_UNTRUSTED_ROOT */, 0x800B0109 /* CERT_E_UNTRUSTEDROOT */,
                0, 1, -1);
        ServerChainVerifier verifier = new WindowsBackend().serverChainVerifier().orElseThrow();

        assertThatThrownBy(() -> verifier.verifiedChain(new X509Certificate[] {LEAF, INTERMEDIATE.certificate()},
                "RSA", "example.test", List.of())).isInstanceOf(CertificateException.class)
                .hasMessageContaining("CERT_E_UNTRUSTEDROOT");
        assertThat(shim.control.shim_calls("CertFreeCertificateChain")).isEqualTo(1);
        shim.assertClean();
    }

    /**
     * Verification through the public path thousands of times, with garbage collected (and JNA's cleaner waited
     * for) inside the native calls and between them: the shim sees intact OID strings, SSL parameters and server
     * names every time. The period is prime, so the collections rotate through the three hooked calls of a
     * verification instead of always landing on the same one.
     */
    @Test
    void thousandsOfOsVerificationsWithGarbageCollectedDuringTheCallsSeeOnlyLiveMemory() throws Exception {
        ServerChainVerifier verifier = new WindowsBackend().serverChainVerifier().orElseThrow();
        Crypt32Shim.Collector collector = new Crypt32Shim.Collector(61);
        shim.control.shim_set_call_hook(collector);
        X509Certificate[] chain = {LEAF, INTERMEDIATE.certificate()};
        for (int i = 0; i < 2000; i++) {
            try {
                assertThat(verifier.verifiedChain(chain, "RSA", "host-" + i + ".example.test", List.of()))
                        .as("round %d", i).containsExactly(chain);
            } catch (CertificateException e) {
                throw new AssertionError("round " + i + ": " + e.getMessage() + "; the shim saw:\n"
                        + shim.control.shim_violations(), e);
            }
            if (i % 500 == 0) {
                System.gc();
            }
        }
        shim.control.shim_set_call_hook(null);

        // Three hooked calls per verification: CertOpenStore(memory), CertGetCertificateChain, the policy.
        assertThat(collector.collections).isEqualTo(3 * 2000 / 61);
        assertThat(collector.collectedIn).containsExactly("CertGetCertificateChain", "CertOpenStore",
                "CertVerifyCertificateChainPolicy");
        assertThat(shim.control.shim_violations()).isEmpty();
        shim.assertClean();
    }

    private static byte[] filetime(long ticks) {
        byte[] value = new byte[8];
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (ticks >>> (8 * i));
        }
        return value;
    }
}
