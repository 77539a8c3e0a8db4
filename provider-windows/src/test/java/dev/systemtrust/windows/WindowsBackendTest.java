package dev.systemtrust.windows;

import static dev.systemtrust.windows.FakeStores.allUses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.RootStoreFallback;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.ClassLoadRecorder;
import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class WindowsBackendTest {
    private static final X509Certificate NATIVE_ROOT = TestCertificates.selfSignedCa("Native Root").certificate();
    private static final X509Certificate FALLBACK_ROOT = TestCertificates.selfSignedCa("Fallback Root").certificate();

    /** A fallback serving fixed roots, counting its uses. */
    private static final class CountingFallback implements RootStoreFallback {
        final AtomicInteger loads = new AtomicInteger();
        private final List<X509Certificate> roots;

        CountingFallback(List<X509Certificate> roots) {
            this.roots = roots;
        }

        @Override
        public String location() {
            return "test fallback";
        }

        @Override
        public List<X509Certificate> load() throws IOException {
            loads.incrementAndGet();
            if (roots == null) {
                throw new IOException("fallback unavailable too");
            }
            return roots;
        }
    }

    private static List<X509Certificate> anchors(TrustStoreReport report) {
        return report.anchors().stream().map(TrustedCertificate::certificate).toList();
    }

    @Test
    void aWorkingNativeReadNeverTouchesTheFallback() throws Exception {
        CountingFallback fallback = new CountingFallback(List.of(FALLBACK_ROOT));
        FakeStores stores = new FakeStores().root(StoreLocation.LOCAL_MACHINE, NATIVE_ROOT, allUses());

        TrustStoreReport report = new WindowsBackend(() -> stores, fallback).read();

        assertThat(anchors(report)).containsExactly(NATIVE_ROOT);
        assertThat(fallback.loads).hasValue(0);
    }

    @Test
    void whenNoStoreCanBeOpenedTheFallbackIsUsedAndSaysSo() throws Exception {
        CountingFallback fallback = new CountingFallback(List.of(FALLBACK_ROOT));

        TrustStoreReport report = new WindowsBackend(FakeStores::new, fallback).read();

        assertThat(anchors(report)).containsExactly(FALLBACK_ROOT);
        assertThat(report.searched()).last().satisfies(location -> {
            assertThat(location.location()).isEqualTo("test fallback");
            assertThat(location.detail()).startsWith("FALLBACK because no certificate store could be opened")
                    .contains("Disallowed, enhanced key usage and Microsoft's partial distrust not applied");
        });
    }

    @Test
    void anUnreadableDisallowedStoreFailsTheLoadInsteadOfFallingBackToAStoreWithoutDisallowed() {
        CountingFallback fallback = new CountingFallback(List.of(FALLBACK_ROOT));
        FakeStores stores = new FakeStores().root(StoreLocation.LOCAL_MACHINE, NATIVE_ROOT, allUses())
                .set(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE_GROUP_POLICY, "Disallowed",
                        CertificateStores.StoreListing.openFailed(WincryptConstants.ERROR_ACCESS_DENIED));

        assertThatThrownBy(() -> new WindowsBackend(() -> stores, fallback).read())
                .isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("LOCAL_MACHINE_GROUP_POLICY\\Disallowed (registry)")
                .hasMessageContaining("ERROR_ACCESS_DENIED");
        assertThat(fallback.loads).hasValue(0);
    }

    @Test
    void whenJnaCannotLoadTheFallbackIsUsedAndTheNativeFailureIsReported() throws Exception {
        CountingFallback fallback = new CountingFallback(List.of(FALLBACK_ROOT));

        TrustStoreReport report = new WindowsBackend(() -> {
            throw new UnsatisfiedLinkError("Unable to load library 'crypt32':\nline two");
        }, fallback).read();

        assertThat(anchors(report)).containsExactly(FALLBACK_ROOT);
        assertThat(report.searched()).first().satisfies(location -> {
            assertThat(location.location()).isEqualTo(WindowsBackend.NATIVE_LOCATION);
            assertThat(location.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
            assertThat(location.detail()).isEqualTo("java.lang.UnsatisfiedLinkError: Unable to load library 'crypt32':");
        });
    }

    @Test
    void whenTheFallbackFailsTooTheLoadFailsNamingBothInsteadOfReturningNothing() {
        CountingFallback fallback = new CountingFallback(null);

        assertThatThrownBy(() -> new WindowsBackend(FakeStores::new, fallback).read())
                .isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("no certificate store could be opened")
                .hasMessageContaining("fallback unavailable too");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheRealBackendFailsClearlyWithBothCauses() {
        assertThatThrownBy(() -> new WindowsBackend().read())
                .isInstanceOf(TrustStoreException.class)
                .hasMessageContaining(WindowsBackend.NATIVE_LOCATION)
                .hasMessageContaining(SunMscapiRootFallback.TYPE);
    }

    @Test
    void discoveryOnAnyOsLoadsNoJnaClass() {
        List<String> ids = new ArrayList<>();
        List<String> requested = ClassLoadRecorder.discoverBackendsAndRecord(ids);

        assertThat(ids).contains(WindowsBackend.ID);
        assertThat(requested).contains(WindowsBackend.class.getName())
                .noneMatch(name -> name.startsWith("com.sun.jna"))
                .noneMatch(name -> name.startsWith("dev.systemtrust.windows.jna"));
    }

    @Test
    void supportsWindowsNamesOnly() {
        WindowsBackend backend = new WindowsBackend();

        assertThat(backend.supports("Windows 11")).isTrue();
        assertThat(backend.supports("Windows Server 2022")).isTrue();
        assertThat(backend.supports("Linux")).isFalse();
        assertThat(backend.supports("Mac OS X")).isFalse();
        assertThat(backend.supports(null)).isFalse();
    }
}
