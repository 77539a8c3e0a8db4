package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.CertificateStores.EnhancedKeyUsage;
import dev.systemtrust.windows.CertificateStores.PropertyRead;
import dev.systemtrust.windows.CertificateStores.StoreEntry;
import dev.systemtrust.windows.CertificateStores.StoreListing;
import dev.systemtrust.windows.CertificateStores.UsageQuery;
import dev.systemtrust.windows.StoreLocation;
import dev.systemtrust.windows.StoreProvider;
import dev.systemtrust.windows.WincryptConstants;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real {@link NativeCertificateStores} against the crypt32 shim: it reports exactly what crypt32 said (DER,
 * identifiers, property bytes, last errors, how enumeration ended), decides nothing, and frees every context and
 * store, also on faults.
 */
@EnabledOnOs(OS.LINUX)
class NativeCertificateStoresShimTest {
    private static final X509Certificate A = TestCertificates.selfSignedCa("Store A").certificate();
    private static final X509Certificate B = TestCertificates.selfSignedCa("Store B").certificate();
    private static final X509Certificate C = TestCertificates.selfSignedCa("Store C").certificate();
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /** DER SEQUENCE { serverAuth }, as CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID holds it. */
    private static final byte[] SERVER_AUTH_LIST = {0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03,
            0x01};

    private final Crypt32Shim shim = Crypt32Shim.load();
    private final NativeCertificateStores stores = new NativeCertificateStores(shim.crypt32);

    @BeforeEach
    void reset() {
        shim.reset();
    }

    private int root(X509Certificate certificate) {
        return shim.add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", certificate);
    }

    private StoreListing listRoot() {
        return stores.list(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", true);
    }

    @Test
    void derIdentifiersPropertyBytesAndLastErrorsComeBackAsCrypt32ReturnedThem() {
        int a = root(A);
        int b = root(B);
        shim.extensionUsage(b, CLIENT_AUTH + " " + SERVER_AUTH).propertyUsage(b, SERVER_AUTH);
        shim.propertyUsage(root(C), "");
        shim.property(a, WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID, SERVER_AUTH_LIST)
                .property(a, WincryptConstants.CERT_NOT_BEFORE_FILETIME_PROP_ID, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
                .propertyError(a, WincryptConstants.CERT_DISALLOWED_FILETIME_PROP_ID, 0x8009000B);

        StoreListing listing = listRoot();

        assertThat(listing.opened()).isTrue();
        assertThat(listing.endError()).isEqualTo(WincryptConstants.CRYPT_E_NOT_FOUND);
        assertThat(listing.entries()).extracting(StoreEntry::der)
                .containsExactly(Crypt32Shim.der(A), Crypt32Shim.der(B), Crypt32Shim.der(C));
        UsageQuery absent = UsageQuery.failed(WincryptConstants.CRYPT_E_NOT_FOUND);
        assertThat(listing.entries()).extracting(StoreEntry::usage).containsExactly(
                new EnhancedKeyUsage(absent, absent),
                new EnhancedKeyUsage(UsageQuery.listed(List.of(CLIENT_AUTH, SERVER_AUTH)),
                        UsageQuery.listed(List.of(SERVER_AUTH))),
                new EnhancedKeyUsage(absent, UsageQuery.listed(List.of())));
        StoreEntry first = listing.entries().get(0);
        assertThat(first.properties().get(WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID).value())
                .isEqualTo(SERVER_AUTH_LIST);
        assertThat(first.properties().get(WincryptConstants.CERT_NOT_BEFORE_FILETIME_PROP_ID).value())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(first.properties().get(WincryptConstants.CERT_DISALLOWED_FILETIME_PROP_ID))
                .extracting(PropertyRead::present, PropertyRead::lastError).containsExactly(false, 0x8009000B);
        assertThat(first.properties().get(WincryptConstants.CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID))
                .extracting(PropertyRead::present, PropertyRead::lastError)
                .containsExactly(false, WincryptConstants.CRYPT_E_NOT_FOUND);
        shim.assertClean();
    }

    @Test
    void aFailingUsageQueryIsReportedWithItsLastError() {
        shim.propertyUsageError(root(A), 0x80090008);

        assertThat(listRoot().entries()).singleElement().extracting(StoreEntry::usage)
                .isEqualTo(new EnhancedKeyUsage(UsageQuery.failed(WincryptConstants.CRYPT_E_NOT_FOUND),
                        UsageQuery.failed(0x80090008)));
        shim.assertClean();
    }

    /**
     * The identifiers are read from a copy of the buffer crypt32 filled, not through its pointers: a pointer out of
     * that buffer is refused, however valid the string it leads to.
     */
    @Test
    void anIdentifierOutsideTheFilledBufferIsRefusedNotRead() {
        shim.extensionUsage(root(A), CLIENT_AUTH);
        shim.control.shim_identifier_outside_buffer(1);

        assertThatThrownBy(this::listRoot).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("put identifier 0 at 0x").hasMessageContaining("outside the");
        shim.assertClean();
    }

    /**
     * The two sources are asked separately, so "no use" (an empty list after TRUE) is data: it does not depend on a
     * last error that a successful call need not clear. Here every successful call leaves the CRYPT_E_NOT_FOUND of
     * the property read before it, which once made "no use" read as "every use".
     */
    @Test
    void aStaleLastErrorAfterASuccessfulCallChangesNothing() {
        shim.propertyUsage(root(A), "");
        shim.extensionUsage(root(B), CLIENT_AUTH);
        shim.control.shim_stale_last_error(1);

        StoreListing listing = listRoot();

        UsageQuery absent = UsageQuery.failed(WincryptConstants.CRYPT_E_NOT_FOUND);
        assertThat(listing.entries()).extracting(StoreEntry::usage).containsExactly(
                new EnhancedKeyUsage(absent, UsageQuery.listed(List.of())),
                new EnhancedKeyUsage(UsageQuery.listed(List.of(CLIENT_AUTH)), absent));
        shim.assertClean();
    }

    @Test
    void storesListedWithoutUsageAreNotAskedPerCertificate() {
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "Disallowed", A);

        StoreListing listing = stores.list(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "Disallowed",
                false);

        assertThat(listing.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.usage()).isNull();
            assertThat(entry.properties()).isEmpty();
        });
        shim.assertClean();
    }

    @Test
    void openFailuresCarryTheirLastError() {
        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.CURRENT_USER.flag(), "CA", WincryptConstants.ERROR_ACCESS_DENIED);

        assertThat(stores.list(StoreProvider.SYSTEM_REGISTRY, StoreLocation.CURRENT_USER, "CA", false))
                .isEqualTo(StoreListing.openFailed(WincryptConstants.ERROR_ACCESS_DENIED));
        assertThat(stores.list(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_GROUP_POLICY, "ROOT", true))
                .isEqualTo(StoreListing.openFailed(WincryptConstants.ERROR_FILE_NOT_FOUND));
        shim.assertClean();
    }

    @Test
    void anEnumerationErrorIsReportedNotMistakenForTheEndOfTheStore() {
        root(A);
        root(B);
        root(C);
        shim.control.shim_store_enumeration_error(StoreProvider.SYSTEM.constant(), StoreLocation.LOCAL_MACHINE.flag(),
                "ROOT", 2, WincryptConstants.ERROR_ACCESS_DENIED);

        StoreListing listing = listRoot();

        assertThat(listing.entries()).hasSize(2);
        assertThat(listing.endError()).isEqualTo(WincryptConstants.ERROR_ACCESS_DENIED);
        shim.assertClean();
    }

    @Test
    void aCrypt32WithoutCertGetCertificateContextPropertyFailsTheListingAndFreesTheContextAndStore() {
        Crypt32Shim broken = Crypt32Shim.variant("CertGetCertificateContextProperty").reset();
        broken.add(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", A);

        assertThatThrownBy(() -> new NativeCertificateStores(broken.crypt32)
                .list(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, "ROOT", true))
                .isInstanceOf(UnsatisfiedLinkError.class).hasMessageContaining("CertGetCertificateContextProperty");
        broken.assertClean();
        assertThat(broken.control.shim_issued(Crypt32Shim.STORES)).isEqualTo(1);
    }

    @Test
    void thousandsOfListingsWithGarbageCollectedDuringThemLeakNothing() {
        for (X509Certificate certificate : List.of(A, B, C)) {
            shim.property(root(certificate), WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID,
                    SERVER_AUTH_LIST);
        }
        Crypt32Shim.Collector collector = new Crypt32Shim.Collector(50);
        shim.control.shim_set_call_hook(collector);
        int rounds = 2000;
        for (int i = 0; i < rounds; i++) {
            StoreListing listing = listRoot();
            assertThat(listing.entries()).as("round %d", i).hasSize(3);
            assertThat(listing.entries().get(2).der()).isEqualTo(Crypt32Shim.der(C));
            if (i % 500 == 0) {
                System.gc();
            }
        }
        shim.control.shim_set_call_hook(null);

        assertThat(collector.collections).isEqualTo(rounds / 50);
        assertThat(shim.control.shim_issued(Crypt32Shim.CONTEXTS)).isEqualTo(3 * rounds);
        assertThat(shim.control.shim_issued(Crypt32Shim.STORES)).isEqualTo(rounds);
        shim.assertClean();
    }
}
