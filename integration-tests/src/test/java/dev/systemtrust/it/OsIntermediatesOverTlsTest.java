package dev.systemtrust.it;

import static dev.systemtrust.it.harness.TlsScenario.assertConnected;
import static dev.systemtrust.it.harness.TlsScenario.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.clients.HttpsClient;
import dev.systemtrust.it.clients.PlainHttpsClient;
import dev.systemtrust.it.harness.AgentApplication;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.IntermediatePki;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.Nginx;
import dev.systemtrust.it.harness.OpenSsl;
import dev.systemtrust.it.harness.PrivateMountNamespace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the OS store says about intermediates decides real handshakes, for an unmodified application under
 * {@code -javaagent} and for {@code SystemTrust.sslContext()}: nginx serves a certificate issued by an intermediate
 * of a private root, and a Debian {@code /etc/ssl} in a private mount namespace trusts the root and either
 * distrusts the intermediate (an OpenSSL {@code TRUSTED CERTIFICATE} with serverAuth in its reject list, as
 * p11-kit's openssl-bundle writes one) or lists it as a plain certificate for a server that omits it.
 */
class OsIntermediatesOverTlsTest {
    @TempDir
    static Path work;
    private static String hostBefore;
    private static IntermediatePki pki;
    private static Nginx sendsIntermediate;
    private static Nginx omitsIntermediate;
    private static AgentApplication application;
    private static DebianEtcSsl rootOnly;
    private static DebianEtcSsl rootAndDistrustedIntermediate;
    private static DebianEtcSsl rootAndIntermediate;

    @BeforeAll
    static void startServers() {
        PrivateMountNamespace.requireAvailable();
        hostBefore = DebianEtcSsl.hostFingerprint();
        pki = IntermediatePki.create(work.resolve("pki"), "SystemTrust Intermediates IT");
        sendsIntermediate = Nginx.start(work.resolve("sends"), pki.serverChain(), pki.serverKey());
        omitsIntermediate = Nginx.start(work.resolve("omits"), pki.serverCertificateOnly(), pki.serverKey());
        application = AgentApplication.of(PlainHttpsClient.class, work.resolve("app-classes"));
        String root = pki.root().pem();
        rootOnly = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl-root"), root);
        rootAndDistrustedIntermediate = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl-distrusted"),
                root + OpenSsl.trustedCertificate(pki.intermediatePem(), List.of(), List.of("serverAuth")));
        rootAndIntermediate = DebianEtcSsl.hostBundlePlus(work.resolve("etc-ssl-intermediate"),
                root + pki.intermediate().pem());
    }

    @AfterAll
    static void stopServers() {
        if (sendsIntermediate != null) {
            sendsIntermediate.close();
        }
        if (omitsIntermediate != null) {
            omitsIntermediate.close();
        }
        assertThat(DebianEtcSsl.hostFingerprint()).as("the host's /etc/ssl is untouched").isEqualTo(hostBefore);
    }

    private static ChildProcess.Result underAgent(Path jdk, DebianEtcSsl etcSsl, Nginx server) {
        return application.underAgent(jdk).inside(etcSsl.namespace())
                .runMain(PlainHttpsClient.class.getName(), "urlconnection", server.url("localhost"));
    }

    private static ChildProcess.Result systemTrustSslContext(Path jdk, DebianEtcSsl etcSsl, Nginx server) {
        return ChildJvm.on(jdk).inside(etcSsl.namespace())
                .runMain(HttpsClient.class.getName(), "systemtrust-sslcontext", server.url("localhost"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Jdks.EACH)
    void aChainThroughAnIntermediateTheOsDistrustsIsRejected(Path jdk) {
        assertRejectedAsDistrustedIntermediate(underAgent(jdk, rootAndDistrustedIntermediate, sendsIntermediate));
        assertConnected(underAgent(jdk, rootOnly, sendsIntermediate));

        assertRejectedAsDistrustedIntermediate(systemTrustSslContext(jdk, rootAndDistrustedIntermediate,
                sendsIntermediate));
        assertConnected(systemTrustSslContext(jdk, rootOnly, sendsIntermediate));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Jdks.EACH)
    void anIntermediateTheOsListsCompletesAChainTheServerSentWithoutIt(Path jdk) {
        assertConnected(underAgent(jdk, rootAndIntermediate, omitsIntermediate));
        assertRejected(underAgent(jdk, rootOnly, omitsIntermediate));

        assertConnected(systemTrustSslContext(jdk, rootAndIntermediate, omitsIntermediate));
        assertRejected(systemTrustSslContext(jdk, rootOnly, omitsIntermediate));
    }

    /** Rejected, and the message names the intermediate and where the OS distrusts it. */
    private static void assertRejectedAsDistrustedIntermediate(ChildProcess.Result result) {
        assertThat(result.stdout()).as(result.describe()).startsWith("FAIL ")
                .contains("\"" + pki.intermediate().certificate().getSubjectX500Principal().getName()
                        + "\" is distrusted by the OS: OpenSSL reject list contains serverAuth")
                .contains("(/etc/ssl/certs/ca-certificates.crt)");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
    }
}
