package dev.systemtrust.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.testing.TestCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MacServerChainVerifierTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Verifier Root");
    private static final TestCertificates.Issued ISSUER = TestCertificates.intermediate(ROOT, "Verifier Issuing CA");
    private static final X509Certificate LEAF = TestCertificates.server(ISSUER, "shop.example.test").certificate();
    private static final X509Certificate[] CHAIN = {LEAF, ISSUER.certificate()};

    /** Records what it was asked and answers as configured, like SecTrustEvaluateWithError would. */
    private static final class RecordingEvaluator implements ChainTrustEvaluator {
        final List<List<byte[]>> chains = new ArrayList<>();
        final List<String> hostnames = new ArrayList<>();
        final List<List<byte[]>> responses = new ArrayList<>();
        ChainEvaluation answer = ChainEvaluation.trusted(List.of());

        @Override
        public ChainEvaluation evaluate(List<byte[]> chainDer, String hostname, List<byte[]> stapledOcsp) {
            chains.add(chainDer);
            hostnames.add(hostname);
            responses.add(stapledOcsp);
            return answer;
        }
    }

    private final RecordingEvaluator evaluator = new RecordingEvaluator();
    private final MacServerChainVerifier verifier = new MacServerChainVerifier(evaluator);

    @Test
    void trustedChainPassesWithTheChainInOrderAndTheHostName() throws Exception {
        assertThatCode(() -> verifier.verifyServer(CHAIN, "ECDHE_ECDSA", "shop.example.test"))
                .doesNotThrowAnyException();

        assertThat(evaluator.chains).singleElement().satisfies(der -> {
            assertThat(der).hasSize(2);
            assertThat(der.get(0)).isEqualTo(LEAF.getEncoded());
            assertThat(der.get(1)).isEqualTo(ISSUER.certificate().getEncoded());
        });
        assertThat(evaluator.hostnames).containsExactly("shop.example.test");
    }

    @Test
    void theVerifiedChainIsTheOneMacOsEvaluatedNotTheOneTheServerSent() throws Exception {
        evaluator.answer = ChainEvaluation.trusted(List.of(LEAF.getEncoded(), ISSUER.certificate().getEncoded(),
                ROOT.certificate().getEncoded()));

        List<X509Certificate> path = verifier.verifiedChain(new X509Certificate[] {LEAF}, "RSA", "shop.example.test",
                List.of());

        assertThat(path).containsExactly(LEAF, ISSUER.certificate(), ROOT.certificate());
    }

    @Test
    void aTrustedAnswerWithoutAReadableChainIsNoVerifiedChain() throws Exception {
        evaluator.answer = ChainEvaluation.trusted(List.of());
        assertThatThrownBy(() -> verifier.verifiedChain(CHAIN, "RSA", "shop.example.test", List.of()))
                .isInstanceOf(CertificateException.class)
                .hasMessage("macOS trusted the chain but reported no chain it evaluated");

        evaluator.answer = ChainEvaluation.trusted(List.of(LEAF.getEncoded(), new byte[] {0x30, 0x00}));
        assertThatThrownBy(() -> verifier.verifiedChain(CHAIN, "RSA", "shop.example.test", List.of()))
                .isInstanceOf(CertificateException.class)
                .hasMessageStartingWith("macOS evaluated a chain whose certificate #1 cannot be parsed");

        evaluator.answer = new ChainEvaluation.CountReturned("SecTrustGetCertificateCount", 0);
        assertThatThrownBy(() -> verifier.verifiedChain(CHAIN, "RSA", "shop.example.test", List.of()))
                .isInstanceOf(CertificateException.class).hasMessageEndingWith(
                        ": the chain it evaluated could not be read: SecTrustGetCertificateCount returned 0");

        evaluator.answer = new ChainEvaluation.NullReturned("SecTrustGetCertificateAtIndex", 2);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageEndingWith(": the chain it evaluated could not "
                        + "be read: SecTrustGetCertificateAtIndex returned NULL for certificate #2");
    }

    @Test
    void rejectionCarriesTheOsReasonAndTheHost() {
        evaluator.answer = ChainEvaluation.rejected(-67843,
                "“shop.example.test” certificate is not trusted");

        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "ECDHE_ECDSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("macOS does not trust")
                .hasMessageContaining("shop.example.test")
                .hasMessageContaining("certificate is not trusted");
    }

    @Test
    void rejectionWithoutADescriptionStillSaysWhatHappened() {
        evaluator.answer = ChainEvaluation.rejected(-67843, null);

        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", null))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("the server")
                .hasMessageContaining("no reason given (error -67843)");
    }

    @Test
    void whatTheFrameworkReturnedBeforeEvaluatingIsWordedHere() {
        evaluator.answer = new ChainEvaluation.NullReturned("SecCertificateCreateWithData", 1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageEndingWith(": Security.framework cannot parse "
                        + "certificate #1 of the chain (SecCertificateCreateWithData returned NULL)");

        evaluator.answer = new ChainEvaluation.NullReturned("SecPolicyCreateSSL", -1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class)
                .hasMessageEndingWith(": it could not be evaluated: SecPolicyCreateSSL returned NULL");

        evaluator.answer = new ChainEvaluation.StatusReturned("SecTrustCreateWithCertificates", OsStatus.PARAM);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageEndingWith(": it could not be evaluated: "
                        + "SecTrustCreateWithCertificates failed with OSStatus -50 (errSecParam)");
    }

    @Test
    void nativeFailureBecomesACertificateExceptionWithTheCause() {
        UnsatisfiedLinkError linkError = new UnsatisfiedLinkError("SecTrustEvaluateWithError");
        MacServerChainVerifier broken = new MacServerChainVerifier((chain, host, ocsp) -> {
            throw linkError;
        });

        assertThatThrownBy(() -> broken.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasCause(linkError);
        assertThatThrownBy(() -> new MacServerChainVerifier((chain, host, ocsp) -> null)
                .verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("no result");
    }

    @Test
    void argumentsFollowTheX509TrustManagerContract() {
        assertThatThrownBy(() -> verifier.verifyServer(null, "RSA", "h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.verifyServer(new X509Certificate[0], "RSA", "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.verifyServer(new X509Certificate[] {LEAF, null}, "RSA", "h"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "", "h")).isInstanceOf(IllegalArgumentException.class);
        assertThat(evaluator.chains).isEmpty();
    }

    @Test
    void hostNamesAreGivenToTheOsWithoutBracketsOrTrailingDot() throws Exception {
        verifier.verifyServer(CHAIN, "RSA", "[2001:db8::1]");
        verifier.verifyServer(CHAIN, "RSA", "shop.example.test.");
        verifier.verifyServer(CHAIN, "RSA", "  ");

        assertThat(evaluator.hostnames).containsExactly("2001:db8::1", "shop.example.test", null);
    }

    @Test
    void stapledResponsesReachTheOsWithoutTheEmptyPlaceholders() throws Exception {
        byte[] response = {0x30, 0x03, 0x0a, 0x01, 0x00};

        verifier.verifyServer(CHAIN, "RSA", "shop.example.test", List.of(response, new byte[0]));
        verifier.verifyServer(CHAIN, "RSA", "shop.example.test");

        assertThat(evaluator.responses).hasSize(2);
        assertThat(evaluator.responses.get(0)).singleElement().isEqualTo(response);
        assertThat(evaluator.responses.get(1)).isEmpty();
    }
}
