package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Security.framework without SecTrustCopyCertificateChain (macOS before 12): the evaluated chain is read with
 * SecTrustGetCertificateCount and SecTrustGetCertificateAtIndex, whose certificates are borrowed from the SecTrust
 * and never released (the fixture fails the test on a release of a borrowed reference, or on any leak).
 */
@EnabledOnOs(OS.LINUX)
class MissingCopyCertificateChainShimTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Older macOS Root");
    private static final TestCertificates.Issued ISSUER = TestCertificates.intermediate(ROOT, "Older macOS CA");
    private static final X509Certificate LEAF = TestCertificates.server(ISSUER, "old.example.test").certificate();

    @RegisterExtension
    static final ShimFixture os = new ShimFixture(ShimLibrary.Variant.NO_COPY_CERTIFICATE_CHAIN);

    private static ServerChainVerifier verifier() {
        return new MacosBackend().serverChainVerifier().orElseThrow();
    }

    @Test
    void theEvaluatedChainIsReadByIndexIncludingWhatMacOsSuppliedItself() throws Exception {
        os.built(ISSUER.certificate()).built(ROOT.certificate());

        List<X509Certificate> path = verifier().verifiedChain(new X509Certificate[] {LEAF}, "ECDHE_ECDSA",
                "old.example.test", List.of());

        assertThat(path).containsExactly(LEAF, ISSUER.certificate(), ROOT.certificate());
        assertThat(os.shim.shim_calls("SecTrustGetCertificateCount")).isEqualTo(1);
        assertThat(os.shim.shim_calls("SecTrustGetCertificateAtIndex")).isEqualTo(3);
        assertThat(os.shim.shim_calls("SecCertificateCopyData")).isEqualTo(3);
    }

    @Test
    void aCountOrACertificateTheFrameworkDoesNotGiveIsRefused() {
        ServerChainVerifier verifier = verifier();
        X509Certificate[] chain = {LEAF, ISSUER.certificate()};

        os.shim.shim_fail("SecTrustGetCertificateCount", 0, 1);
        assertThatThrownBy(() -> verifier.verifiedChain(chain, "RSA", "old.example.test", List.of()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("SecTrustGetCertificateCount");

        os.shim.shim_fail("SecTrustGetCertificateCount", 100_000, 1);
        assertThatThrownBy(() -> verifier.verifiedChain(chain, "RSA", "old.example.test", List.of()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("100000");

        os.shim.shim_fail_after("SecTrustGetCertificateAtIndex", 1, 0, 1);
        assertThatThrownBy(() -> verifier.verifiedChain(chain, "RSA", "old.example.test", List.of()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("SecTrustGetCertificateAtIndex")
                .hasMessageContaining("#1");
    }
}
