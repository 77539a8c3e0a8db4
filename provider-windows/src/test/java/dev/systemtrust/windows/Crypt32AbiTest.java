package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.RootStoreFallback;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class Crypt32AbiTest {

    @Test
    void sixtyFourBitJvmsAreAcceptedAndThirtyTwoBitX86IsRefusedWithTheReason() {
        assertThat(Crypt32Abi.refusal("amd64", "64")).isEmpty();
        assertThat(Crypt32Abi.refusal("aarch64", "64")).isEmpty();
        for (String arch : List.of("x86", "i386", "i686")) {
            assertThat(Crypt32Abi.refusal(arch, "32")).hasValueSatisfying(reason -> assertThat(reason)
                    .contains("64-bit JVMs only").contains("os.arch=" + arch).contains("stdcall"));
        }
        assertThat(Crypt32Abi.refusal("arm", "32")).isPresent();
    }

    @Test
    void aRefusedJvmFallsBackLoudlyAndGetsNoOsVerifier() throws Exception {
        X509Certificate root = TestCertificates.selfSignedCa("Fallback").certificate();
        RootStoreFallback fallback = new RootStoreFallback() {
            @Override
            public String location() {
                return "test fallback";
            }

            @Override
            public List<X509Certificate> load() {
                return List.of(root);
            }
        };
        WindowsBackend backend = new WindowsBackend(() -> NativeAccess.certificateStores("x86", "32"), fallback,
                () -> NativeAccess.chainPolicyEngine("x86", "32"));

        TrustStoreReport report = backend.read();

        assertThat(report.searched()).first().satisfies(location -> {
            assertThat(location.outcome()).isEqualTo(SearchedLocation.Outcome.FAILED);
            assertThat(location.detail()).contains("64-bit JVMs only").contains("os.arch=x86");
        });
        assertThat(report.anchors()).hasSize(1);
        assertThat(backend.serverChainVerifier()).isEmpty();
    }
}
