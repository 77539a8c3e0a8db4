package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.macos.ChainEvaluation;
import dev.systemtrust.macos.ChainTrustEvaluator;
import dev.systemtrust.macos.MacServerChainVerifier;
import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.macos.TrustSettingsDomain;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.SmokeDiagnosis;
import dev.systemtrust.testing.TestCertificates;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real Security.framework, on macOS only: the store as this Mac has it, and macOS verifying a real server chain
 * at a fixed time. {@code chains/www.google.com-2023-01.pem} is the chain www.google.com served in January 2023
 * (leaf, then GTS CA 1C3; the root is GTS Root R1, shipped by macOS).
 *
 * <p>It has never run. When a check fails it prints, before failing, the whole error and what macOS answered (the
 * read's searched domains and skips; each evaluation's result, CFError code and description), so the first run's
 * log says why. A failure of the fixed-time verification may be the environment rather than the backend: the chain
 * expired in 2023, macOS applies its Certificate Transparency policy with today's log list (logs that embedded the
 * chain's SCTs may since have been retired) and may try to fetch revocation status for it.
 */
@EnabledOnOs(OS.MAC)
class MacosRealStoreSmokeTest {
    /** SHA-256 of GTS Root R1, a root every current macOS ships. */
    private static final String GTS_ROOT_R1 = "d947432abde7b7fa90fc2e6b59101b1280e0e1c7e4e40fa3c6887fff57a7f4cf";
    private static final Instant CHAIN_VALID_AT = Instant.parse("2023-01-15T12:00:00Z");
    private static final SmokeDiagnosis SMOKE = new SmokeDiagnosis("MacosRealStoreSmokeTest", "macOS");

    @Test
    void theRealStoreHasApplesRootsAndAWellKnownOne() throws Throwable {
        TrustStoreReport report = SMOKE.diagnosed("reading the real trust settings",
                "(no report: the load threw; the error above names every cause)", () -> new MacosBackend().read());

        SMOKE.diagnosed("checking the trust settings read", SmokeDiagnosis.describe(report), () -> {
            assertThat(report.anchors()).hasSizeGreaterThan(50);
            assertThat(report.anchors()).extracting(anchor -> sha256(anchor.certificate())).contains(GTS_ROOT_R1);
            assertThat(report.anchors()).extracting(TrustedCertificate::source)
                    .contains(TrustSettingsDomain.SYSTEM.location());
            assertThat(report.searched()).filteredOn(s -> s.location().equals(TrustSettingsDomain.SYSTEM.location()))
                    .extracting(SearchedLocation::outcome).containsExactly(SearchedLocation.Outcome.READ);
            return null;
        });
    }

    @Test
    void macOsVerifiesARealServerChainAtItsTime() throws Throwable {
        X509Certificate[] chain = realChain();
        RecordingEvaluator evaluator = new RecordingEvaluator(NativeChainEvaluator.at(CHAIN_VALID_AT));
        MacServerChainVerifier verifier = new MacServerChainVerifier(evaluator);

        SMOKE.diagnosed("verifying www.google.com's January 2023 chain at " + CHAIN_VALID_AT, evaluator, () -> {
            assertThatCode(() -> verifier.verifyServer(chain, "ECDHE_RSA", "www.google.com"))
                    .doesNotThrowAnyException();
            List<X509Certificate> path = verifier.verifiedChain(chain, "ECDHE_RSA", "www.google.com", List.of());
            assertThat(path).startsWith(chain).hasSize(3);
            assertThat(sha256(path.get(2))).as("the path ends in GTS Root R1").isEqualTo(GTS_ROOT_R1);
            assertThatThrownBy(() -> verifier.verifyServer(chain, "ECDHE_RSA", "www.example.com"))
                    .isInstanceOf(CertificateException.class);
            return null;
        });
    }

    @Test
    void macOsRejectsAChainToARootItDoesNotTrust() throws Throwable {
        TestCertificates.Issued root = TestCertificates.selfSignedCa("Untrusted Smoke Root");
        TestCertificates.Issued issuer = TestCertificates.intermediate(root, "Untrusted Smoke Issuing CA");
        X509Certificate[] chain = {TestCertificates.server(issuer, "smoke.example.test").certificate(),
                issuer.certificate()};
        RecordingEvaluator evaluator = new RecordingEvaluator(new NativeChainEvaluator());
        MacServerChainVerifier verifier = new MacServerChainVerifier(evaluator);

        SMOKE.diagnosed("verifying a chain to an untrusted root", evaluator, () -> {
            assertThatThrownBy(() -> verifier.verifyServer(chain, "ECDHE_ECDSA", "smoke.example.test"))
                    .isInstanceOf(CertificateException.class).hasMessageContaining("macOS does not trust");
            return null;
        });
    }

    /** The evaluator the verifier uses, recording every answer (CFError code and description) for a failure's log. */
    private static final class RecordingEvaluator implements ChainTrustEvaluator {
        private final ChainTrustEvaluator evaluator;
        private final List<String> answers = new ArrayList<>();

        RecordingEvaluator(ChainTrustEvaluator evaluator) {
            this.evaluator = evaluator;
        }

        @Override
        public ChainEvaluation evaluate(List<byte[]> chainDer, String hostname, List<byte[]> stapledOcsp) {
            ChainEvaluation evaluation = evaluator.evaluate(chainDer, hostname, stapledOcsp);
            answers.add("host " + hostname + ", " + chainDer.size() + " certificates: " + evaluation);
            return evaluation;
        }

        @Override
        public String toString() {
            return answers.isEmpty() ? "(no evaluation returned)" : String.join("\n", answers);
        }
    }

    private static X509Certificate[] realChain() throws Exception {
        try (InputStream pem = MacosRealStoreSmokeTest.class.getResourceAsStream("/chains/www.google.com-2023-01.pem")) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem)
                    .stream().map(X509Certificate.class::cast).toList();
            return certificates.toArray(X509Certificate[]::new);
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
