package dev.systemtrust.macos.jna;

import static dev.systemtrust.macos.jna.Shim.ADMIN;
import static dev.systemtrust.macos.jna.Shim.SYSTEM;
import static dev.systemtrust.macos.jna.Shim.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two thousand reads and verifications, with full garbage collections in between and inside the native calls that
 * read caller memory: JNA's cleaner frees native buffers (Memory, by-reference values) once they are unreachable, so
 * a buffer the bindings let go too early would be freed while the shim still reads it, which the shim then sees as
 * an unknown or released object. The shim's call hook collects (and waits for the cleaner) inside every 7th of
 * CFArrayCreate, SecTrustCreateWithCertificates and SecTrustSetOCSPResponse; a round makes 4 or 2 of those calls,
 * so a period of 7 rotates through all of them. A trusted chain is copied out of the SecTrust each time. After
 * every call: no argument error, no object alive. A full
 * collection costs 5 to 40 ms on a busy 2-core CI machine, so between calls one runs before each of the first 100
 * calls and before every 20th call after that, keeping the test to seconds.
 */
@EnabledOnOs(OS.LINUX)
class ShimStressTest {
    private static final int ROUNDS = 1000;
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Stress Root");
    private static final TestCertificates.Issued ISSUER = TestCertificates.intermediate(ROOT, "Stress Issuing CA");
    private static final X509Certificate[] CHAIN = {
            TestCertificates.server(ISSUER, "stress.example.test").certificate(), ISSUER.certificate()};
    private static final byte[] OCSP_RESPONSE = {0x30, 0x03, 0x0a, 0x01, 0x03};

    @RegisterExtension
    static final ShimFixture os = new ShimFixture(ShimLibrary.Variant.FULL);

    @Test
    void readAndVerifyThousandsOfTimesWithGarbageCollectionsInBetween() throws Exception {
        Shim shim = os.shim;
        os.trust(SYSTEM, ROOT.certificate(), "").trust(SYSTEM, TestCertificates.selfSignedCa("Second").certificate(),
                "policy=1.2.840.113635.100.1.2,result=4|policy=1.2.840.113635.100.1.3,name=sslServer,result=1");
        os.trust(ADMIN, TestCertificates.selfSignedCa("Denied").certificate(), "result=3");
        os.trust(USER, TestCertificates.selfSignedCa("User").certificate(), "keyusage=8,result=1|app,result=3");
        os.trust(ADMIN, ISSUER.certificate(), "").keychain(ISSUER.certificate()).keychain(CHAIN[0]);
        MacosBackend backend = new MacosBackend();
        ServerChainVerifier verifier = backend.serverChainVerifier().orElseThrow();
        CollectingCallHook hook = new CollectingCallHook(7);
        shim.shim_set_call_hook(hook);

        int call = 0;
        for (int round = 0; round < ROUNDS; round++) {
            collectSometimes(call++);
            TrustStoreReport report = backend.read();
            assertThat(report.anchors()).hasSize(3);
            collectSometimes(call++);
            boolean trusted = round % 2 == 0;
            shim.shim_evaluation(trusted ? 1 : 0, -67843, "not trusted");
            if (trusted) {
                assertThat(verifier.verifiedChain(CHAIN, "ECDHE_ECDSA", "stress.example.test",
                        List.of(OCSP_RESPONSE))).containsExactly(CHAIN);
            } else {
                assertThatThrownBy(() -> verifier.verifyServer(CHAIN, "RSA", "stress.example.test"))
                        .isInstanceOf(CertificateException.class).hasMessageContaining("not trusted");
            }
            if (shim.shim_error_count() != 0 || shim.shim_live_objects() != 0) {
                os.assertCleanUse();
            }
        }
        shim.shim_set_call_hook(null);
        os.assertCleanUse();
        assertThat(shim.shim_calls("SecTrustEvaluateWithError")).isEqualTo(ROUNDS);
        assertThat(hook.calls).isEqualTo(3 * ROUNDS);
        assertThat(hook.collections).isEqualTo(3 * ROUNDS / 7);
        assertThat(hook.collectedIn).containsExactly("CFArrayCreate", "SecTrustCreateWithCertificates",
                "SecTrustSetOCSPResponse");
    }

    /**
     * The hook's power, shown on purpose: a buffer that reaches CFArrayCreate only as an address (no Java object in
     * JNA's argument array keeps it alive) is freed by the collection inside the call, and the shim reports the
     * garbage it then reads. The bindings pass their buffers as objects and fence them, so they never do this.
     */
    @Test
    void theHookFreesABufferThatOnlyItsAddressReachesInsideTheCall() {
        Shim shim = os.shim;
        Pointer string = Cf.createString("an element");
        CollectingCallHook hook = new CollectingCallHook(1);
        shim.shim_set_call_hook(hook);
        Pointer array = CoreFoundation.INSTANCE.CFArrayCreate(null, addressOnly(string), 1,
                CoreFoundation.LIBRARY.getGlobalVariableAddress("kCFTypeArrayCallBacks"));
        shim.shim_set_call_hook(null);
        Cf.release(string);

        assertThat(hook.collectedIn).containsExactly("CFArrayCreate");
        assertThat(array).as("CFArrayCreate over freed slots").isNull();
        assertThat(os.errors()).contains("CFArrayCreate: values[i]", "is not a CF object");
        shim.shim_reset(); // the error above was the point
    }

    /** One slot holding {@code element}, returned as a bare address: the Memory behind it is unreachable. */
    private static Pointer addressOnly(Pointer element) {
        Memory slots = new Memory(Native.POINTER_SIZE);
        slots.setPointer(0, element);
        return new Pointer(Pointer.nativeValue(slots));
    }

    private static void collectSometimes(int call) {
        if (call < 100 || call % 20 == 0) {
            System.gc();
        }
    }
}
