package dev.systemtrust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.SystemTrust;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import dev.systemtrust.testing.TlsServer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the OS-verifying trust manager adds around the OS's verdict, with a verifier a test controls. */
class OsVerifyingTrustManagerTest {
    private static final Issued ROOT = TestCertificates.selfSignedCa("OS Verified Root");
    private static final Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "OS Verified Intermediate");
    private static final Issued LEAF = TestCertificates.server(INTERMEDIATE, "localhost", "127.0.0.1");

    private final List<String> askedHosts = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void fakeBackend() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
    }

    @AfterEach
    void reset() {
        FakeBackend.verifyWith(null);
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    /** A verifier that accepts and reports {@code path} as the chain the OS validated. */
    private ServerChainVerifier acceptingWithPath(X509Certificate... path) {
        return new ServerChainVerifier() {
            @Override
            public void verifyServer(X509Certificate[] chain, String authType, String hostname) {
                askedHosts.add(String.valueOf(hostname));
            }

            @Override
            public List<X509Certificate> verifiedChain(X509Certificate[] chain, String authType, String hostname,
                    List<byte[]> stapledOcsp) {
                verifyServer(chain, authType, hostname);
                return List.of(path);
            }
        };
    }

    private static X509ExtendedTrustManager osVerifying() throws Exception {
        return SystemTrust.trustManager(Verification.OS);
    }

    @Test
    void theOsIsAskedToCheckANameOnlyWhenTheConnectionAskedForOne() throws Exception {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(ROOT.certificate(), null, "/os")
                .build());
        FakeBackend.verifyWith(acceptingWithPath(LEAF.certificate(), INTERMEDIATE.certificate(), ROOT.certificate()));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {osVerifying()}, null);

        try (TlsServer server = TlsServer.sending(LEAF, INTERMEDIATE.certificate())) {
            try (SSLSocket plain = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
                plain.startHandshake();
            }
            try (SSLSocket https = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.port())) {
                javax.net.ssl.SSLParameters parameters = https.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                https.setSSLParameters(parameters);
                https.startHandshake();
            }
        }

        assertThat(askedHosts).containsExactly("null", "localhost");
    }

    @Test
    void distrustAppliesToThePathTheOsValidatedIncludingWhatItSuppliedItself() throws Exception {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(ROOT.certificate(), null, "/os")
                .exclude(INTERMEDIATE.certificate(), "Disallowed", ExclusionReason.DISTRUSTED,
                        "in a Disallowed store").build());
        FakeBackend.verifyWith(acceptingWithPath(LEAF.certificate(), INTERMEDIATE.certificate(), ROOT.certificate()));

        // The server sent its leaf alone; the OS found the intermediate in its own CA store.
        assertThatThrownBy(() -> osVerifying().checkServerTrusted(new X509Certificate[] {LEAF.certificate()},
                "ECDHE_ECDSA")).isInstanceOf(CertificateException.class)
                .hasMessageContaining("\"CN=OS Verified Intermediate,O=SystemTrust Tests\" is distrusted by the OS");
    }

    @Test
    void aDistrustedCertificateTheServerSentOffThePathIsIgnoredAsPkixIgnoresIt() throws Exception {
        Issued stale = TestCertificates.intermediate(ROOT, "Stale Cross Certificate");
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(ROOT.certificate(), null, "/os")
                .exclude(stale.certificate(), "Disallowed", ExclusionReason.DISTRUSTED, "in a Disallowed store")
                .build());
        FakeBackend.verifyWith(acceptingWithPath(LEAF.certificate(), INTERMEDIATE.certificate(), ROOT.certificate()));
        X509Certificate[] sent = {LEAF.certificate(), INTERMEDIATE.certificate(), stale.certificate()};

        assertThatCode(() -> osVerifying().checkServerTrusted(sent, "ECDHE_ECDSA")).doesNotThrowAnyException();
        assertThatCode(() -> SystemTrust.trustManager(Verification.ANCHORS).checkServerTrusted(sent, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
    }

    @Test
    void aServerCertificateThatIsItsOwnAnchorStillNeedsATlsServerPurpose() throws Exception {
        Issued clientOnly = TestCertificates.selfSignedCa("Client Only Leaf", KeyPurposeId.id_kp_clientAuth);
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(ROOT.certificate(), null, "/os")
                .build());
        FakeBackend.verifyWith((chain, authType, host) -> { });

        assertThatThrownBy(() -> osVerifying().checkServerTrusted(new X509Certificate[] {clientOnly.certificate()},
                "ECDHE_ECDSA")).isInstanceOf(CertificateException.class).hasMessageContaining("not for TLS servers");
    }

    @Test
    void aVerifierReportingAChainForAnotherCertificateIsRefused() throws Exception {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(ROOT.certificate(), null, "/os")
                .build());
        FakeBackend.verifyWith(acceptingWithPath(INTERMEDIATE.certificate(), ROOT.certificate()));

        assertThatThrownBy(() -> osVerifying().checkServerTrusted(new X509Certificate[] {LEAF.certificate(),
            INTERMEDIATE.certificate()}, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class)
                .hasMessageContaining("another certificate");
        assertThatThrownBy(() -> osVerifying().checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
