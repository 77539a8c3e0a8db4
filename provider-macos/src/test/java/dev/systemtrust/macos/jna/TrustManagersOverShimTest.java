package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.SystemTrustParameters;
import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code TrustManagerFactory.getInstance("SystemTrust")} with OS verification over the macOS backend, whose real JNA
 * layer runs against the shim: a certificate the trust settings Deny is refused on the chain macOS evaluated, also
 * when macOS found it itself and the server never sent it.
 */
@EnabledOnOs(OS.LINUX)
class TrustManagersOverShimTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Mac Manager Root");
    private static final TestCertificates.Issued ISSUER = TestCertificates.intermediate(ROOT, "Mac Manager CA");
    private static final X509Certificate LEAF = TestCertificates.server(ISSUER, "shop.example.test").certificate();

    @RegisterExtension
    static final ShimFixture os = new ShimFixture(ShimLibrary.Variant.FULL);

    @BeforeEach
    void theMacosBackendOverTheShim() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, MacosBackend.ID);
        TrustStoreReader.invalidateCache();
    }

    @AfterEach
    void restore() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    private static X509ExtendedTrustManager osVerifying() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        factory.init(new SystemTrustParameters(Verification.OS));
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }

    @Test
    void anIntermediateMacOsSuppliedItselfIsRefusedWhenTheTrustSettingsDenyIt() throws Exception {
        os.trust(Shim.SYSTEM, ROOT.certificate(), "").trust(Shim.USER, ISSUER.certificate(), "result=3")
                .built(ISSUER.certificate()).built(ROOT.certificate());
        X509ExtendedTrustManager manager = osVerifying();

        // The server sends its certificate alone: the intermediate is one macOS found itself.
        assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {LEAF}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CN=Mac Manager CA");
        assertThat(os.shim.shim_calls("SecTrustEvaluateWithError")).as("macOS was asked and accepted").isEqualTo(1);
    }

    @Test
    void thePathMacOsBuiltIsAcceptedWhenNothingOnItIsDistrusted() throws Exception {
        os.trust(Shim.SYSTEM, ROOT.certificate(), "").built(ISSUER.certificate()).built(ROOT.certificate());
        X509ExtendedTrustManager manager = osVerifying();

        assertThatCode(() -> manager.checkServerTrusted(new X509Certificate[] {LEAF}, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
    }
}
