package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.ChainPolicyEngine.ChainPolicyResult;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsServerChainVerifierTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Verifier Root");
    private static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Verifier CA");
    private static final X509Certificate LEAF = TestCertificates.server(INTERMEDIATE, "example.test").certificate();
    private static final X509Certificate[] CHAIN = {LEAF, INTERMEDIATE.certificate()};

    /** An engine that records what it was given and answers as told. */
    private static final class RecordingEngine implements ChainPolicyEngine {
        final List<List<byte[]>> chains = new ArrayList<>();
        final List<String> hosts = new ArrayList<>();
        private final ChainPolicyResult answer;

        RecordingEngine(ChainPolicyResult answer) {
            this.answer = answer;
        }

        @Override
        public ChainPolicyResult verifyServerChain(List<byte[]> chainDer, String hostname) {
            chains.add(chainDer);
            hosts.add(hostname);
            return answer;
        }
    }

    @Test
    void passesTheWholeChainLeafFirstAndTheHostToWindows() throws Exception {
        RecordingEngine engine = new RecordingEngine(ChainPolicyResult.verdict(0));

        new WindowsServerChainVerifier(engine).verifyServer(CHAIN, "ECDHE_ECDSA", "example.test.");

        assertThat(engine.hosts).containsExactly("example.test");
        assertThat(engine.chains).singleElement().satisfies(der -> {
            assertThat(der).hasSize(2);
            assertThat(Arrays.equals(der.get(0), LEAF.getEncoded())).isTrue();
            assertThat(Arrays.equals(der.get(1), INTERMEDIATE.certificate().getEncoded())).isTrue();
        });
    }

    @Test
    void policyErrorsBecomeCertificateExceptionsThatSayWhy() {
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(
                ChainPolicyResult.verdict(0x800B0109))).verifyServer(CHAIN, "RSA", "example.test"))
                .isInstanceOf(CertificateException.class)
                .hasMessage("Windows does not trust this server: CERT_E_UNTRUSTEDROOT: the chain ends in a root "
                        + "Windows does not trust (host example.test)");
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(
                ChainPolicyResult.verdict(0x800B010F))).verifyServer(CHAIN, "RSA", "other.test"))
                .hasMessageContaining("CERT_E_CN_NO_MATCH");
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(
                ChainPolicyResult.verdict(0x800B0111))).verifyServer(CHAIN, "RSA", null))
                .hasMessageContaining("Disallowed").hasMessageNotContaining("host");
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(
                ChainPolicyResult.verdict(0x12345678))).verifyServer(CHAIN, "RSA", null))
                .hasMessageContaining("0x12345678");
    }

    @Test
    void aFailedCryptCallIsAFailureNeverATrust() {
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(
                ChainPolicyResult.callFailed("CertGetCertificateChain", 0x80092004)))
                .verifyServer(CHAIN, "RSA", "example.test"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("CertGetCertificateChain failed (CRYPT_E_NOT_FOUND 0x80092004)");
        assertThatThrownBy(() -> new WindowsServerChainVerifier((chain, host) -> {
            throw new UnsatisfiedLinkError("crypt32");
        }).verifyServer(CHAIN, "RSA", "example.test")).isInstanceOf(CertificateException.class);
    }

    @Test
    void argumentsAreCheckedAsX509TrustManagerDoes() {
        WindowsServerChainVerifier verifier = new WindowsServerChainVerifier(
                new RecordingEngine(ChainPolicyResult.verdict(0)));

        assertThatThrownBy(() -> verifier.verifyServer(new X509Certificate[0], "RSA", "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "", "h")).isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> verifier.verifyServer(CHAIN, "RSA", "[::1]")).doesNotThrowAnyException();
        assertThat(WindowsServerChainVerifier.normalise("[::1]")).isEqualTo("::1");
        assertThat(WindowsServerChainVerifier.normalise("")).isNull();
    }

    @Test
    void theBackendOffersTheVerifierAndNoneWhenCrypt32CannotLoad() {
        assertThat(new WindowsBackend(FakeStores::new, null, () -> new RecordingEngine(ChainPolicyResult.verdict(0)))
                .serverChainVerifier()).isPresent();
        assertThat(new WindowsBackend(FakeStores::new, null, () -> {
            throw new UnsatisfiedLinkError("no crypt32 here");
        }).serverChainVerifier()).isEmpty();
    }
}
