package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.macos.ChainEvaluation;
import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The verification path end to end through the real JNA bindings against the C shim: what reaches
 * SecPolicyCreateSSL, SecTrustCreateWithCertificates, SecTrustSetOCSPResponse, SecTrustSetVerifyDate and
 * SecTrustEvaluateWithError, how failures come back, and that every object is released.
 */
@EnabledOnOs(OS.LINUX)
class NativeVerifyShimTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Verifier Root");
    private static final TestCertificates.Issued ISSUER = TestCertificates.intermediate(ROOT, "Verifier Issuing CA");
    private static final X509Certificate[] CHAIN = {
            TestCertificates.server(ISSUER, "shop.example.test").certificate(), ISSUER.certificate()};
    /** An OCSPResponse with status tryLater: small, and well-formed DER. */
    private static final byte[] OCSP_RESPONSE = {0x30, 0x03, 0x0a, 0x01, 0x03};

    @RegisterExtension
    static final ShimFixture os = new ShimFixture(ShimLibrary.Variant.FULL);
    private Shim shim;

    @BeforeEach
    void shim() {
        shim = os.shim;
    }

    private static ServerChainVerifier verifier() {
        return new MacosBackend().serverChainVerifier().orElseThrow();
    }

    private static String hostname() {
        byte[] buffer = new byte[256];
        long length = os.shim.shim_hostname(buffer, buffer.length);
        return length < 0 ? null : new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
    }

    @Test
    void aTrustedChainIsEvaluatedAsAnSslServerChainForTheHost() throws Exception {
        verifier().verifyServer(CHAIN, "ECDHE_ECDSA", "shop.example.test.");

        assertThat(shim.shim_calls("SecTrustEvaluateWithError")).isEqualTo(1);
        assertThat(shim.shim_server_flag()).isEqualTo(1);
        assertThat(hostname()).isEqualTo("shop.example.test");
        assertThat(shim.shim_chain_length()).isEqualTo(2);
        assertThat(shim.shim_ocsp_count()).isEqualTo(-1);
        assertThat(Double.isNaN(shim.shim_verify_date())).isTrue();
    }

    /**
     * The chain macOS evaluated (the leaf, then certificates it found itself), copied out with
     * SecTrustCopyCertificateChain and SecCertificateCopyData, whose array and data are each released once (the
     * fixture fails the test on any leak or wrong release); a certificate the server sent off that chain is not in it.
     */
    @Test
    void theVerifiedChainIsTheOneMacOsEvaluatedIncludingWhatItSuppliedItself() throws Exception {
        os.built(ISSUER.certificate()).built(ROOT.certificate());
        X509Certificate offThePath = TestCertificates.selfSignedCa("Sent Off The Path").certificate();

        List<X509Certificate> path = verifier().verifiedChain(new X509Certificate[] {CHAIN[0], offThePath},
                "ECDHE_ECDSA", "shop.example.test", List.of());

        assertThat(path).containsExactly(CHAIN[0], ISSUER.certificate(), ROOT.certificate());
        assertThat(shim.shim_calls("SecTrustCopyCertificateChain")).isEqualTo(1);
        assertThat(shim.shim_calls("SecCertificateCopyData")).isEqualTo(3);
        assertThat(shim.shim_calls("SecTrustGetCertificateAtIndex")).isZero();
    }

    @Test
    void aTrustedChainThatCannotBeCopiedOutIsRefusedAndLeaksNothing() {
        ServerChainVerifier verifier = verifier();
        shim.shim_fail("SecTrustCopyCertificateChain", 0, 1);
        assertThatThrownBy(() -> verifier.verifiedChain(CHAIN, "RSA", "shop.example.test", List.of()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("SecTrustCopyCertificateChain");

        shim.shim_fail_after("SecCertificateCopyData", 1, 0, 1);
        assertThatThrownBy(() -> verifier.verifiedChain(CHAIN, "RSA", "shop.example.test", List.of()))
                .isInstanceOf(CertificateException.class).hasMessageContaining("SecCertificateCopyData")
                .hasMessageContaining("#1");
    }

    @Test
    void stapledOcspResponsesReachSecTrustSetOcspResponse() throws Exception {
        verifier().verifyServer(CHAIN, "ECDHE_ECDSA", "shop.example.test", List.of(OCSP_RESPONSE, new byte[0]));

        assertThat(shim.shim_ocsp_count()).isEqualTo(1);
        byte[] received = new byte[64];
        long length = shim.shim_ocsp_response(0, received, received.length);
        assertThat(java.util.Arrays.copyOf(received, (int) length)).isEqualTo(OCSP_RESPONSE);
    }

    @Test
    void anUnknownHostIsPassedAsNull() throws Exception {
        verifier().verifyServer(CHAIN, "RSA", null);

        assertThat(hostname()).isNull();
    }

    @Test
    void aRejectionCarriesTheOsDescriptionAndCode() {
        shim.shim_evaluation(0, -67843, "“shop.example.test” certificate is not trusted");

        assertThatThrownBy(() -> verifier().verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("macOS does not trust")
                .hasMessageContaining("“shop.example.test” certificate is not trusted");
    }

    @Test
    void theVerificationTimeReachesSecTrustSetVerifyDateAsAbsoluteTime() {
        Instant at = Instant.parse("2024-06-01T12:00:00Z");

        ChainEvaluation evaluation = NativeChainEvaluator.at(at).evaluate(List.of(ShimFixture.der(CHAIN[0]),
                ShimFixture.der(CHAIN[1])), "shop.example.test", List.of());

        assertThat(evaluation).isInstanceOf(ChainEvaluation.Trusted.class);
        assertThat(shim.shim_verify_date()).isEqualTo(at.getEpochSecond() - 978_307_200.0);
    }

    @Test
    void frameworkFailuresBecomeRejectionsAndLeakNothing() {
        ServerChainVerifier verifier = verifier();
        shim.shim_fail("SecPolicyCreateSSL", 0, 1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("SecPolicyCreateSSL");

        shim.shim_fail("SecTrustCreateWithCertificates", -50, 1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test", List.of(OCSP_RESPONSE)))
                .isInstanceOf(CertificateException.class).hasMessageContaining("-50");

        shim.shim_fail_after("SecCertificateCreateWithData", 1, 0, 1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("certificate #1");

        shim.shim_fail("CFArrayCreate", 0, 1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CFArrayCreate");

        shim.shim_fail_after("CFDataCreate", 2, 0, 1);
        assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "shop.example.test", List.of(OCSP_RESPONSE)))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CFDataCreate");
    }
}
