package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.ChainPolicyEngine.ChainParameters;
import dev.systemtrust.windows.ChainPolicyEngine.ChainPolicyResult;
import dev.systemtrust.windows.ChainPolicyEngine.ChainRequest;
import dev.systemtrust.windows.WincryptConstants;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real {@link NativeChainPolicyEngine} against the crypt32 shim: what reaches crypt32 (structure sizes,
 * nested usage list, flags, timeout, time, stapled response, server name) is what the header and
 * {@code WindowsChainPolicy} say, every handle is freed, and buffers stay valid while crypt32 reads them even when
 * garbage is collected inside the call.
 */
@EnabledOnOs(OS.LINUX)
class NativeChainPolicyEngineShimTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Shim Root");
    private static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Shim CA");
    private static final X509Certificate LEAF = TestCertificates.server(INTERMEDIATE, "example.test").certificate();
    private static final List<byte[]> CHAIN = List.of(Crypt32Shim.der(LEAF),
            Crypt32Shim.der(INTERMEDIATE.certificate()));
    /** What WindowsChainPolicy asks by default (spelled out: the shim must see exactly these values). */
    private static final ChainParameters ASKED = new ChainParameters(WincryptConstants.USAGE_MATCH_TYPE_OR,
            List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.4.1.311.10.3.3", "2.16.840.1.113730.4.1"),
            0x10000000 | 0x08000000 | 0x1, 3000, 0xF00, 2);

    private final Crypt32Shim shim = Crypt32Shim.load();
    private final NativeChainPolicyEngine engine = new NativeChainPolicyEngine(shim.crypt32);

    @BeforeEach
    void reset() {
        shim.reset();
    }

    private ChainPolicyResult verify(String host, byte[] stapled, Long time) {
        return engine.verifyServerChain(new ChainRequest(CHAIN, host, stapled, ASKED, time));
    }

    @Test
    void crypt32ReceivesTheNestedChainParametersTheFlagsAndTheServerName() {
        ChainPolicyResult result = verify("example.test", null, null);

        assertThat(shim.control.shim_violations()).isEmpty();
        assertThat(result.failedCall()).isNull();
        assertThat(result.policyError()).isZero();
        Map<String, String> chain = Crypt32Shim.fields(shim.control.shim_last_chain_call());
        assertThat(chain).containsEntry("cbSize", "96").containsEntry("type", "1").containsEntry("count", "3")
                .containsEntry("usages", "1.3.6.1.5.5.7.3.1,1.3.6.1.4.1.311.10.3.3,2.16.840.1.113730.4.1")
                .containsEntry("timeout", "3000").containsEntry("flags", "0x18000001")
                .doesNotContainKeys("time", "ocsp");
        assertThat(Crypt32Shim.fields(shim.control.shim_last_policy_call())).containsEntry("flags", "0xf00")
                .containsEntry("auth", "2").containsEntry("checks", "0x0").containsEntry("host", "example.test");
        assertThat(result.elements()).hasSize(2);
        assertThat(result.elements().get(0).der()).isEqualTo(CHAIN.get(0));
        assertThat(result.elements().get(1).der()).isEqualTo(CHAIN.get(1));
        shim.assertClean();
    }

    @Test
    void theVerificationTimeAndTheStapledResponseReachTheChainEngineOnTheLeaf() {
        byte[] ocsp = {0x30, 0x03, 0x0a, 0x01, 0x00};

        verify("example.test", ocsp, 133617168000000000L);

        assertThat(Crypt32Shim.fields(shim.control.shim_last_chain_call()))
                .containsEntry("time", "133617168000000000").containsEntry("ocsp", HexFormat.of().formatHex(ocsp));
        shim.assertClean();
    }

    @Test
    void noServerNameIsPassedAsNull() {
        verify(null, null, null);

        assertThat(Crypt32Shim.fields(shim.control.shim_last_policy_call())).doesNotContainKey("host");
        shim.assertClean();
    }

    @Test
    void thePolicyVerdictAndTheBlamedElementAreReadOutOfWindowsStructures() {
        int root = shim.certificate(ROOT.certificate());
        shim.control.shim_chain_verdict(WincryptConstants.CERT_TRUST_IS_REVOKED, WincryptConstants.CRYPT_E_REVOKED,
                0, 0, root);

        ChainPolicyResult result = verify("example.test", null, null);

        assertThat(result.policyError()).isEqualTo(WincryptConstants.CRYPT_E_REVOKED);
        assertThat(result.chainIndex()).isZero();
        assertThat(result.elementIndex()).isZero();
        assertThat(result.trustErrors()).isEqualTo(WincryptConstants.CERT_TRUST_IS_REVOKED);
        assertThat(result.elements()).hasSize(3);
        assertThat(result.elements().get(0).trustErrors()).isEqualTo(WincryptConstants.CERT_TRUST_IS_REVOKED);
        assertThat(result.elements().get(0).extendedErrorInfo()).isEqualTo("shim: element error");
        assertThat(result.elements().get(1).extendedErrorInfo()).isNull();
        assertThat(result.elements().get(2).der()).isEqualTo(Crypt32Shim.der(ROOT.certificate()));
        shim.assertClean();
    }

    @Test
    void everyFailingCallIsReportedByNameAndLeavesNothingAllocated() {
        for (String function : List.of("CertCreateCertificateContext", "CertOpenStore(memory)",
                "CertAddEncodedCertificateToStore", "CertGetCertificateChain", "CertVerifyCertificateChainPolicy")) {
            shim.reset();
            shim.control.shim_fail(function, 0x8009000B);

            ChainPolicyResult result = verify("example.test", null, null);

            assertThat(result.failedCall()).as(function).startsWith(function);
            assertThat(result.lastError()).as(function).isEqualTo(0x8009000B);
            shim.assertClean();
        }
    }

    @Test
    void aStapledResponseWindowsRefusesIsReportedAndTheChainIsStillVerified() {
        shim.control.shim_fail("CertSetCertificateContextProperty", WincryptConstants.CRYPT_E_NOT_FOUND);

        ChainPolicyResult result = verify("example.test", new byte[] {0x30, 0x00}, null);

        assertThat(result.stapleError()).isEqualTo(WincryptConstants.CRYPT_E_NOT_FOUND);
        assertThat(result.failedCall()).isNull();
        assertThat(Crypt32Shim.fields(shim.control.shim_last_chain_call())).doesNotContainKey("ocsp");
        shim.assertClean();
    }

    @Test
    void aCrypt32WithoutCertGetCertificateChainFailsTheCallAndStillFreesWhatWasAllocated() {
        Crypt32Shim broken = Crypt32Shim.variant("CertGetCertificateChain").reset();

        assertThatThrownBy(() -> new NativeChainPolicyEngine(broken.crypt32).verifyServerChain(
                new ChainRequest(CHAIN, "example.test", null, ASKED, null)))
                .isInstanceOf(UnsatisfiedLinkError.class).hasMessageContaining("CertGetCertificateChain");
        broken.assertClean();
        assertThat(broken.control.shim_issued(Crypt32Shim.CONTEXTS)).isEqualTo(1);
    }

    /**
     * Thousands of verifications with garbage collected inside the native calls (the shim's hook runs
     * {@code System.gc()} and waits for JNA's cleaner before crypt32 reads the OID strings and the server name)
     * and between calls: a buffer not kept reachable would be freed memory by then, which the shim detects.
     */
    @Test
    void thousandsOfVerificationsWithGarbageCollectedDuringTheCallsReadOnlyLiveMemory() {
        Crypt32Shim.Collector collector = new Crypt32Shim.Collector(100);
        shim.control.shim_set_call_hook(collector);
        int rounds = 2000;
        for (int i = 0; i < rounds; i++) {
            String host = "host-" + i + ".example.test";
            ChainPolicyResult result = verify(host, i % 3 == 0 ? new byte[] {0x30, 0x01, (byte) i} : null,
                    i % 2 == 0 ? 133617168000000000L + i : null);
            assertThat(result.failedCall()).as("round %d: %s", i, shim.control.shim_violations()).isNull();
            assertThat(Crypt32Shim.fields(shim.control.shim_last_policy_call())).containsEntry("host", host);
            if (i % 500 == 0) {
                System.gc();
            }
        }
        shim.control.shim_set_call_hook(null);

        assertThat(collector.collections).isGreaterThan(rounds / 50);
        assertThat(shim.control.shim_issued(Crypt32Shim.CHAINS)).isEqualTo(rounds);
        assertThat(shim.control.shim_issued(Crypt32Shim.CONTEXTS)).isEqualTo(rounds);
        shim.assertClean();
    }
}
