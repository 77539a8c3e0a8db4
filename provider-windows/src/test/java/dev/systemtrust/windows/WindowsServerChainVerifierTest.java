package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.ChainPolicyEngine.ChainElement;
import dev.systemtrust.windows.ChainPolicyEngine.ChainPolicyResult;
import dev.systemtrust.windows.ChainPolicyEngine.ChainRequest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsServerChainVerifierTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Verifier Root");
    private static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Verifier CA");
    private static final X509Certificate LEAF = TestCertificates.server(INTERMEDIATE, "example.test").certificate();
    private static final X509Certificate[] CHAIN = {LEAF, INTERMEDIATE.certificate()};

    /** An engine that records what it was given and answers as told. */
    private static final class RecordingEngine implements ChainPolicyEngine {
        final List<ChainRequest> requests = new ArrayList<>();
        private final ChainPolicyResult answer;

        RecordingEngine(ChainPolicyResult answer) {
            this.answer = answer;
        }

        @Override
        public ChainPolicyResult verifyServerChain(ChainRequest request) {
            requests.add(request);
            return answer;
        }
    }

    @Test
    void passesTheWholeChainLeafFirstAndTheHostToWindows() throws Exception {
        RecordingEngine engine = new RecordingEngine(ChainPolicyResult.verdict(0));

        new WindowsServerChainVerifier(engine).verifyServer(CHAIN, "ECDHE_ECDSA", "example.test.");

        assertThat(engine.requests).singleElement().satisfies(request -> {
            assertThat(request.hostname()).isEqualTo("example.test");
            assertThat(request.chainDer()).hasSize(2);
            assertThat(Arrays.equals(request.chainDer().get(0), LEAF.getEncoded())).isTrue();
            assertThat(Arrays.equals(request.chainDer().get(1), INTERMEDIATE.certificate().getEncoded())).isTrue();
            assertThat(request.stapledOcsp()).isNull();
            assertThat(request.verificationTime()).isNull();
            assertThat(request.parameters()).isEqualTo(WindowsChainPolicy.forTimeout(
                    WindowsChainPolicy.DEFAULT_TIMEOUT_MILLIS));
        });
    }

    @Test
    void theVerifiedChainIsThePathWindowsReportsNotTheChainTheServerSent() throws Exception {
        ChainPolicyResult trusted = new ChainPolicyResult(null, 0, 0, -1, -1, 0, List.of(
                new ChainElement(LEAF.getEncoded(), 0, null),
                new ChainElement(INTERMEDIATE.certificate().getEncoded(), 0, null),
                new ChainElement(ROOT.certificate().getEncoded(), 0, null)), 0);

        List<X509Certificate> path = new WindowsServerChainVerifier(new RecordingEngine(trusted))
                .verifiedChain(new X509Certificate[] {LEAF}, "RSA", "example.test", List.of());

        assertThat(path).containsExactly(LEAF, INTERMEDIATE.certificate(), ROOT.certificate());
    }

    @Test
    void anAcceptanceWithoutAReadablePathIsNoVerifiedChain() throws Exception {
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(ChainPolicyResult.verdict(0)))
                .verifiedChain(CHAIN, "RSA", "example.test", List.of())).isInstanceOf(CertificateException.class)
                .hasMessage("Windows accepted the chain but reported no path it validated");
        ChainPolicyResult garbled = new ChainPolicyResult(null, 0, 0, -1, -1, 0, List.of(
                new ChainElement(LEAF.getEncoded(), 0, null), new ChainElement(new byte[] {0x30, 0x00}, 0, null)), 0);
        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(garbled))
                .verifiedChain(CHAIN, "RSA", "example.test", List.of())).isInstanceOf(CertificateException.class)
                .hasMessageStartingWith("Windows validated a path whose certificate #1 cannot be parsed");
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
        assertThatThrownBy(() -> new WindowsServerChainVerifier(request -> {
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

    @Test
    void theLeafsStapledResponseGoesToWindowsAndOnlyIt() throws Exception {
        RecordingEngine engine = new RecordingEngine(ChainPolicyResult.verdict(0));
        byte[] leafResponse = {0x30, 0x03, 0x0a, 0x01, 0x00};
        WindowsServerChainVerifier verifier = new WindowsServerChainVerifier(engine);

        verifier.verifyServer(CHAIN, "RSA", "example.test", List.of(leafResponse, new byte[] {0x30, 0x00}));
        verifier.verifyServer(CHAIN, "RSA", "example.test", List.of(new byte[0], new byte[] {0x30, 0x00}));
        verifier.verifyServer(CHAIN, "RSA", "example.test", List.of());

        assertThat(engine.requests).extracting(ChainRequest::stapledOcsp)
                .containsExactly(leafResponse, null, null);
    }

    @Test
    void aFixedVerificationTimeReachesWindowsAsAFiletime() throws Exception {
        RecordingEngine engine = new RecordingEngine(ChainPolicyResult.verdict(0));
        Instant time = Instant.parse("2024-06-01T12:00:00Z");

        new WindowsServerChainVerifier(engine, WindowsChainPolicy.forTimeout(0), time)
                .verifyServer(CHAIN, "RSA", "example.test");

        // 2024-06-01T12:00:00Z in 100 ns ticks since 1601-01-01, as FileTimeToSystemTime would read it.
        assertThat(engine.requests.get(0).verificationTime()).isEqualTo(133617168000000000L);
        assertThat(engine.requests.get(0).parameters()).isEqualTo(WindowsChainPolicy.forTimeout(0));
    }

    @Test
    void theElementWindowsBlamesIsNamedWithItsTrustErrorsAndWindowsOwnWords() throws Exception {
        ChainPolicyResult revoked = new ChainPolicyResult(null, 0, WincryptConstants.CRYPT_E_REVOKED, 0, 0,
                WincryptConstants.CERT_TRUST_IS_REVOKED, List.of(
                        new ChainElement(LEAF.getEncoded(), WincryptConstants.CERT_TRUST_IS_REVOKED
                                | WincryptConstants.CERT_TRUST_IS_NOT_TIME_VALID, "The certificate is revoked.\n"),
                        new ChainElement(INTERMEDIATE.certificate().getEncoded(), 0, null)), 0);

        assertThatThrownBy(() -> new WindowsServerChainVerifier(new RecordingEngine(revoked))
                .verifyServer(CHAIN, "RSA", "example.test"))
                .hasMessage("Windows does not trust this server: CRYPT_E_REVOKED: a certificate in the chain is "
                        + "revoked (host example.test); at CN=example.test: not time valid, revoked (The "
                        + "certificate is revoked.)");
    }
}
