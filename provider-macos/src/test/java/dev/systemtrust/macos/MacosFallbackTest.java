package dev.systemtrust.macos;

import dev.systemtrust.spi.RootStoreFallback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class MacosFallbackTest {
    private static final X509Certificate ROOT = TestCertificates.selfSignedCa("Keychain Root").certificate();
    private static final X509Certificate SECOND = TestCertificates.selfSignedCa("Second Keychain Root").certificate();

    private final FakeFallback fallback = new FakeFallback(List.of(ROOT, SECOND));

    private TrustStoreReport read(FakeTrustSettingsSource source) throws TrustStoreException {
        return new MacosBackend(() -> source, fallback, () -> null).read();
    }

    @Test
    void jnaThatCannotLoadFallsBackLoudlyWithTheReasonInTheReport() throws Exception {
        TrustStoreReport report = new MacosBackend(() -> {
            throw new UnsatisfiedLinkError("Unable to load library 'CoreFoundation'");
        }, fallback, () -> null).read();

        assertThat(report.anchors()).extracting(TrustedCertificate::certificate).containsExactly(ROOT, SECOND);
        assertThat(report.anchors()).extracting(TrustedCertificate::source).containsOnly(fallback.location());
        assertThat(report.searched()).hasSize(2);
        assertThat(report.searched().get(0).location()).isEqualTo(MacosBackend.NATIVE_LOCATION);
        assertThat(report.searched().get(0).outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
        SearchedLocation used = report.searched().get(1);
        assertThat(used.location()).isEqualTo(fallback.location());
        assertThat(used.certificates()).isEqualTo(2);
        assertThat(used.detail()).startsWith("FALLBACK because").contains("CoreFoundation", "Deny");
        assertThat(fallback.loads).isEqualTo(1);
    }

    @Test
    void everyCertificateSourceFailingFallsBack() throws Exception {
        FakeTrustSettingsSource source = new FakeTrustSettingsSource();
        for (TrustSettingsDomain domain : TrustSettingsDomain.values()) {
            source.domain(domain, CertificateListing.failed(OsStatus.NOT_AVAILABLE));
        }
        source.domain(TrustSettingsDomain.SYSTEM, CertificateListing.failed(OsStatus.IO));

        TrustStoreReport report = read(source);

        assertThat(report.anchors()).hasSize(2);
        assertThat(report.searched()).extracting(SearchedLocation::outcome).containsExactly(
                SearchedLocation.Outcome.FAILED, SearchedLocation.Outcome.FAILED, SearchedLocation.Outcome.FAILED,
                SearchedLocation.Outcome.READ);
        assertThat(report.searched().get(3).detail()).contains("no trust-settings domain could be read", "-25291",
                "errSecIO");
    }

    @Test
    void everyTrustSettingsLookupFailingFallsBack() throws Exception {
        FakeTrustSettingsSource source = new FakeTrustSettingsSource().trust(TrustSettingsDomain.SYSTEM, ROOT)
                .everyLookupAnswers(TrustSettingsLookup.failed(OsStatus.IO));

        TrustStoreReport report = read(source);

        assertThat(fallback.loads).isEqualTo(1);
        assertThat(report.searched().get(report.searched().size() - 1).detail())
                .contains("trust settings of all 1 certificates could not be read", "errSecIO", "after one retry");
    }

    @Test
    void oneFailingLookupAmongWorkingOnesDoesNotFallBack() throws Exception {
        X509Certificate other = TestCertificates.selfSignedCa("Fine Root").certificate();
        FakeTrustSettingsSource source = new FakeTrustSettingsSource().trust(TrustSettingsDomain.SYSTEM, ROOT)
                .trust(TrustSettingsDomain.SYSTEM, other)
                .settings(TrustSettingsDomain.USER, ROOT, TrustSettingsLookup.failed(OsStatus.NOT_AVAILABLE));

        TrustStoreReport report = read(source);

        assertThat(fallback.loads).isZero();
        assertThat(report.anchors()).extracting(TrustedCertificate::certificate).containsExactly(other);
    }

    @Test
    void whenTheFallbackFailsTooTheErrorNamesBothCauses() {
        RootStoreFallback broken = new RootStoreFallback() {
            @Override
            public String location() {
                return "JDK KeyStore KeychainStore-ROOT";
            }

            @Override
            public List<X509Certificate> load() throws KeyStoreException {
                throw new KeyStoreException("KeychainStore-ROOT is not available in Java 17");
            }
        };
        MacosBackend backend = new MacosBackend(() -> {
            throw new NoClassDefFoundError("com/sun/jna/Native");
        }, broken, () -> null);

        assertThatThrownBy(backend::read).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("com/sun/jna/Native")
                .hasMessageContaining("KeychainStore-ROOT is not available in Java 17");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onThisLinuxMachineTheRealBackendReportsBothFailuresInsteadOfAnEmptyStore() {
        // Loads JNA for real: the native libraries are missing here, and so is KeychainStore-ROOT.
        MacosBackend backend = new MacosBackend();

        assertThatThrownBy(backend::read).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("CoreFoundation")
                .hasMessageContaining(JdkKeychainRootFallback.TYPE)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(backend.serverChainVerifier()).isEmpty();
    }

    @Test
    void failureTextKeepsTheFirstLineAndLooksThroughWrappers() {
        assertThat(dev.systemtrust.spi.FallbackReading.firstLine(new UnsatisfiedLinkError("Unable to load library 'Security':\n tried x\n y")))
                .isEqualTo("java.lang.UnsatisfiedLinkError: Unable to load library 'Security':");
        assertThat(dev.systemtrust.spi.FallbackReading.firstLine(new ExceptionInInitializerError(new UnsatisfiedLinkError("no CF"))))
                .isEqualTo("java.lang.UnsatisfiedLinkError: no CF");
    }

    private static final class FakeFallback implements RootStoreFallback {
        private final List<X509Certificate> certificates;
        int loads;

        FakeFallback(List<X509Certificate> certificates) {
            this.certificates = certificates;
        }

        @Override
        public String location() {
            return "JDK KeyStore KeychainStore-ROOT (fake)";
        }

        @Override
        public List<X509Certificate> load() {
            loads++;
            return certificates;
        }
    }
}
