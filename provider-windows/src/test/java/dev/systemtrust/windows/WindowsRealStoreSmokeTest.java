package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.SmokeDiagnosis;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.ChainPolicyEngine.ChainElement;
import dev.systemtrust.windows.ChainPolicyEngine.ChainPolicyResult;
import dev.systemtrust.windows.ChainPolicyEngine.ChainRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The backend against the real crypt32.dll: runs only on Windows (the CI workflow's Windows jobs), never here.
 * Reads the machine's stores, verifies a real Let's Encrypt chain (leaf and R3, issued under ISRG Root X1, valid
 * from 2023-04-29 to 2023-07-28) through Windows' own chain engine at a fixed time inside its validity, and checks
 * that Windows rejects a chain to a root it does not know.
 *
 * <p>It has never run. When a check fails it prints, before failing, the whole error and what Windows answered (the
 * store read's searched locations and skips; every chain call's failed call, policy error, trust status and the
 * elements Windows built, with their own status), so the first run's log says why. A failure of the fixed-time
 * verification may be the environment rather than the backend: the chain expired in 2023 and Windows checks the end
 * certificate's revocation (an offline responder is tolerated, a revoked answer is not).
 */
@EnabledOnOs(OS.WINDOWS)
class WindowsRealStoreSmokeTest {
    private static final String ISRG_ROOT_X1 = "96BCEC06264976F37460779ACF28C5A7CFE8A3C0AAE11A8FFCEE05C0BDDF08C6";
    /** SHA-256 of roots every Windows machine with Microsoft's root program has (one suffices: roots are lazy). */
    private static final Set<String> WELL_KNOWN_ROOTS = Set.of(
            ISRG_ROOT_X1,
            "CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F", // DigiCert Global Root G2
            "4348A0E9444C78CB265E058D5E8944B4D84F9662BD26DB257F8934A443C70161", // DigiCert Global Root CA
            "E793C9B02FD8AA13E21C31228ACCB08119643B749C898964B1746D46C3D4CBD2", // USERTrust RSA
            "EBD41040E4BB3EC742C9E381D31EF2A41A48B6685C96E7CEF3C1DF6CD4331C99"); // GlobalSign Root CA
    private static final Instant INSIDE_VALIDITY = Instant.parse("2023-06-01T12:00:00Z");
    private static final SmokeDiagnosis SMOKE = new SmokeDiagnosis("WindowsRealStoreSmokeTest", "Windows");

    @Test
    void theRealStoresGiveManyAnchorsIncludingAWellKnownRoot() throws Throwable {
        TrustStoreReport report = SMOKE.diagnosed("reading the real stores",
                "(no report: the load threw; the error above names every cause)", () -> new WindowsBackend().read());

        SMOKE.diagnosed("checking the stores read", SmokeDiagnosis.describe(report), () -> {
            assertThat(report.searched()).noneMatch(location -> location.detail().startsWith("FALLBACK"));
            assertThat(report.searched())
                    .filteredOn(location -> location.location().equals("LOCAL_MACHINE\\ROOT (system)"))
                    .extracting(SearchedLocation::outcome).containsExactly(SearchedLocation.Outcome.READ);
            assertThat(report.anchors()).hasSizeGreaterThan(50);
            Set<String> fingerprints = report.anchors().stream().map(TrustedCertificate::certificate)
                    .map(WindowsRealStoreSmokeTest::sha256).collect(Collectors.toSet());
            assertThat(fingerprints).containsAnyElementsOf(WELL_KNOWN_ROOTS);
            return null;
        });
    }

    @Test
    void windowsVerifiesARealServerChainAtAFixedTime() throws Throwable {
        X509Certificate[] chain = realChain();
        RecordingEngine engine = new RecordingEngine(NativeAccess.chainPolicyEngine());
        WindowsServerChainVerifier verifier = new WindowsServerChainVerifier(engine,
                WindowsChainPolicy.fromSystemProperties(), INSIDE_VALIDITY);

        SMOKE.diagnosed("verifying tracker.mywaifu.best's 2023 chain at " + INSIDE_VALIDITY, engine, () -> {
            assertThatCode(() -> verifier.verifyServer(chain, "ECDHE_RSA", "tracker.mywaifu.best"))
                    .doesNotThrowAnyException();
            List<X509Certificate> path = verifier.verifiedChain(chain, "ECDHE_RSA", "tracker.mywaifu.best",
                    List.of());
            assertThat(path).startsWith(chain).hasSize(3);
            assertThat(sha256(path.get(2))).as("the path ends in ISRG Root X1").isEqualTo(ISRG_ROOT_X1);
            assertThatThrownBy(() -> verifier.verifyServer(chain, "ECDHE_RSA", "other.example"))
                    .isInstanceOf(CertificateException.class).hasMessageContaining("CERT_E_CN_NO_MATCH");
            return null;
        });
    }

    @Test
    void windowsRejectsAChainToARootItDoesNotKnow() throws Throwable {
        TestCertificates.Issued root = TestCertificates.selfSignedCa("Unknown Smoke Root");
        TestCertificates.Issued intermediate = TestCertificates.intermediate(root, "Unknown Smoke CA");
        X509Certificate leaf = TestCertificates.server(intermediate, "example.test").certificate();
        RecordingEngine engine = new RecordingEngine(NativeAccess.chainPolicyEngine());
        WindowsServerChainVerifier verifier = new WindowsServerChainVerifier(engine);

        SMOKE.diagnosed("verifying a chain to an unknown root", engine, () -> {
            assertThatThrownBy(() -> verifier.verifyServer(new X509Certificate[] {leaf, intermediate.certificate()},
                    "ECDHE_ECDSA", "example.test")).isInstanceOf(CertificateException.class)
                    .hasMessageContaining("Windows does not trust this server");
            return null;
        });
    }

    /** The engine Windows' verifier uses, recording every answer so a failure can print it. */
    private static final class RecordingEngine implements ChainPolicyEngine {
        private final ChainPolicyEngine engine;
        private final List<String> answers = new ArrayList<>();

        RecordingEngine(ChainPolicyEngine engine) {
            this.engine = engine;
        }

        @Override
        public ChainPolicyResult verifyServerChain(ChainRequest request) {
            ChainPolicyResult result = engine.verifyServerChain(request);
            StringBuilder text = new StringBuilder("host " + request.hostname() + ": " + (result.failedCall() == null
                    ? "no call failed" : result.failedCall() + " failed (" + WindowsErrors.describe(result.lastError())
                    + ")") + ", policy error "
                    + WindowsErrors.describe(result.policyError()) + " at chain " + result.chainIndex() + " element "
                    + result.elementIndex() + ", chain trust errors 0x" + Integer.toHexString(result.trustErrors())
                    + ", stapled response error " + WindowsErrors.describe(result.stapleError()) + "\n");
            for (ChainElement element : result.elements()) {
                text.append("  element ").append(subject(element.der())).append(": trust errors 0x")
                        .append(Integer.toHexString(element.trustErrors())).append(", ")
                        .append(element.extendedErrorInfo()).append('\n');
            }
            answers.add(text.toString());
            return result;
        }

        @Override
        public String toString() {
            return answers.isEmpty() ? "(no chain call returned)" : String.join("", answers);
        }
    }

    private static String subject(byte[] der) {
        try {
            return ((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der))).getSubjectX500Principal().getName();
        } catch (CertificateException e) {
            return der.length + " bytes that do not parse";
        }
    }

    private static X509Certificate[] realChain() throws Exception {
        try (InputStream pem = WindowsRealStoreSmokeTest.class.getResourceAsStream("tracker.mywaifu.best-2023.pem")) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(pem)
                    .stream().map(X509Certificate.class::cast).toList();
            return certificates.toArray(X509Certificate[]::new);
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
