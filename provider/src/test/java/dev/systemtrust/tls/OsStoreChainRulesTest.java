package dev.systemtrust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import dev.systemtrust.testing.TlsServer;
import java.security.KeyStore;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the OS store says below its anchors binds every SystemTrust trust manager: a certificate the OS distrusts
 * fails any chain through it, at any depth and in any copy with its subject and key; a CA whose own EKU excludes
 * TLS servers cannot issue one; intermediates the OS holds complete a chain the server sent without them.
 */
class OsStoreChainRulesTest {
    private static final Issued ROOT = TestCertificates.selfSignedCa("Rules Root");
    private static final Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Rules Intermediate");
    private static final Issued SECOND_LEVEL = TestCertificates.intermediate(INTERMEDIATE, "Rules Second Level");
    private static final Issued LEAF = TestCertificates.server(INTERMEDIATE, "localhost", "127.0.0.1");
    private static final Issued DEEP_LEAF = TestCertificates.server(SECOND_LEVEL, "localhost", "127.0.0.1");

    @BeforeEach
    void fakeBackend() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
    }

    @AfterEach
    void reset() {
        FakeBackend.verifyWith(null);
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty(Verification.PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    private static void osStore(Supplier<TrustStoreReport> report) {
        FakeBackend.serve(report);
    }

    private static TrustStoreReport.Builder rootOnly() {
        return TrustStoreReport.builder(FakeBackend.ID).trust(ROOT.certificate(), null, "/etc/ssl/cert.pem");
    }

    private static TrustManager[] systemTrust() throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        factory.init((KeyStore) null);
        return factory.getTrustManagers();
    }

    /** The JDK's own PKIX over a loaded SystemTrust KeyStore: the plain trustStoreType=SystemTrust path. */
    private static TrustManager[] jdkPkixOverTheKeyStore() throws Exception {
        KeyStore store = KeyStore.getInstance("SystemTrust", new SystemTrustProvider());
        store.load(null, null);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static void handshake(TrustManager[] managers, TlsServer server) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("localhost")));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    @Test
    void aChainThroughAnIntermediateTheOsDistrustsFailsThoughItsRootIsTrusted() throws Exception {
        osStore(() -> rootOnly().exclude(INTERMEDIATE.certificate(), "/etc/ssl/cert.pem:40",
                ExclusionReason.DISTRUSTED, "OpenSSL reject list contains serverAuth").build());

        try (TlsServer server = TlsServer.sending(LEAF, INTERMEDIATE.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), server)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("\"CN=Rules Intermediate,O=SystemTrust Tests\" is distrusted by the OS")
                    .hasStackTraceContaining("OpenSSL reject list contains serverAuth (/etc/ssl/cert.pem:40)");
            // What the README warns about: the JDK's PKIX over the KeyStore alone cannot know.
            handshake(jdkPkixOverTheKeyStore(), server);
        }
    }

    @Test
    void distrustBindsAtAnyDepthAndTheLeafToo() throws Exception {
        osStore(() -> rootOnly().exclude(INTERMEDIATE.certificate(), "Disallowed", ExclusionReason.DISTRUSTED,
                "in a Disallowed store").build());
        try (TlsServer deep = TlsServer.sending(DEEP_LEAF, SECOND_LEVEL.certificate(), INTERMEDIATE.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), deep)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("Rules Intermediate");
        }

        TrustStoreReader.invalidateCache();
        osStore(() -> rootOnly().exclude(LEAF.certificate(), "Disallowed", ExclusionReason.DISTRUSTED,
                "in a Disallowed store").build());
        try (TlsServer server = TlsServer.sending(LEAF, INTERMEDIATE.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), server)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("CN=localhost\" is distrusted by the OS");
        }
    }

    @Test
    void distrustOfAReissuedCopyOfTheIntermediateBindsTheCopyTheServerSends() throws Exception {
        Issued reissued = TestCertificates.reissued(INTERMEDIATE);
        osStore(() -> rootOnly().exclude(reissued.certificate(), "p11-kit blocklist", ExclusionReason.DISTRUSTED,
                "blocklisted").build());

        try (TlsServer server = TlsServer.sending(LEAF, INTERMEDIATE.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), server)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("the same subject and public key");
        }
    }

    @Test
    void whenTheOsDistrustsTheRootTheFailureSaysSoInsteadOfOnlyNoPath() throws Exception {
        Issued otherRoot = TestCertificates.selfSignedCa("Rules Other Root");
        osStore(() -> TrustStoreReport.builder(FakeBackend.ID).trust(otherRoot.certificate(), null, "/bundle")
                .trust(ROOT.certificate(), null, "/bundle")
                .exclude(ROOT.certificate(), "/blocklist", ExclusionReason.DISTRUSTED, "blocklisted").build());

        try (TlsServer server = TlsServer.sending(LEAF, INTERMEDIATE.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), server)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("unable to find valid certification path")
                    .hasStackTraceContaining("the issuer of \"CN=Rules Intermediate,O=SystemTrust Tests\", "
                            + "\"CN=Rules Root,O=SystemTrust Tests\", is distrusted by the OS: blocklisted (/blocklist)");
        }
    }

    @Test
    void aFailureForAnotherReasonIsNotBlamedOnAnUnrelatedDistrustedCertificate() throws Exception {
        Issued unrelated = TestCertificates.intermediate(ROOT, "Rules Unrelated Distrusted");
        osStore(() -> rootOnly().exclude(unrelated.certificate(), "/blocklist", ExclusionReason.DISTRUSTED,
                "blocklisted").build());
        javax.net.ssl.X509TrustManager manager = (javax.net.ssl.X509TrustManager) systemTrust()[0];
        java.security.cert.X509Certificate[] chain = {LEAF.certificate(), INTERMEDIATE.certificate(),
            unrelated.certificate()};

        // RSA key exchange needs keyEncipherment, which the EC server certificate lacks: the JDK's own refusal.
        assertThatThrownBy(() -> manager.checkServerTrusted(chain, "RSA"))
                .isInstanceOf(java.security.cert.CertificateException.class)
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("distrusted by the OS")
                        .doesNotContain("unable to find valid certification path"));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    @Test
    void aCaWhoseOwnExtendedKeyUsageExcludesTlsServersCannotIssueOne() throws Exception {
        Issued clientOnly = TestCertificates.intermediate(ROOT, "Client Only CA", KeyPurposeId.id_kp_clientAuth);
        Issued serverUnderIt = TestCertificates.server(clientOnly, "localhost", "127.0.0.1");
        Issued serverAllowed = TestCertificates.intermediate(ROOT, "Server CA", KeyPurposeId.id_kp_serverAuth);
        osStore(() -> rootOnly().build());

        try (TlsServer refused = TlsServer.sending(serverUnderIt, clientOnly.certificate());
                TlsServer accepted = TlsServer.sending(TestCertificates.server(serverAllowed, "localhost"),
                        serverAllowed.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), refused)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("may not issue TLS server certificates");
            handshake(systemTrust(), accepted);
        }
    }

    @Test
    void anIntermediateTheOsHoldsCompletesAChainTheServerSentWithoutIt() throws Exception {
        try (TlsServer leafOnly = TlsServer.sending(LEAF)) {
            osStore(() -> rootOnly().build());
            assertThatThrownBy(() -> handshake(systemTrust(), leafOnly)).isInstanceOf(SSLHandshakeException.class);

            TrustStoreReader.invalidateCache();
            osStore(() -> rootOnly().intermediate(INTERMEDIATE.certificate(), "/etc/ssl/cert.pem").build());
            TrustManager[] managers = systemTrust();
            handshake(managers, leafOnly);
            assertThat(((javax.net.ssl.X509TrustManager) managers[0]).getAcceptedIssuers())
                    .as("an intermediate never becomes an anchor").containsExactly(ROOT.certificate());
        }
    }

    @Test
    void theOsVerifiersAcceptanceDoesNotOverrideTheStoresDistrust() throws Exception {
        System.setProperty(Verification.PROPERTY, "os");
        FakeBackend.verifyWith((chain, authType, host) -> { });
        osStore(() -> rootOnly().exclude(INTERMEDIATE.certificate(), "Disallowed", ExclusionReason.DISTRUSTED,
                "in a Disallowed store").build());

        try (TlsServer server = TlsServer.sending(LEAF, INTERMEDIATE.certificate(), ROOT.certificate())) {
            assertThatThrownBy(() -> handshake(systemTrust(), server)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("is distrusted by the OS: in a Disallowed store (Disallowed)");
        }
    }
}
