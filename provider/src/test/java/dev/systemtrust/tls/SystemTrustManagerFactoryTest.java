package dev.systemtrust.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.SystemTrustParameters;
import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.EngineHandshake;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TlsServer;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SystemTrustManagerFactoryTest {
    private static final TestCertificates.Issued OS_ROOT = TestCertificates.selfSignedCa("OS Root");
    private static final TestCertificates.Issued LAZY_ROOT = TestCertificates.selfSignedCa("Lazily Installed Root");

    @BeforeEach
    void osStoreWithOneRoot() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(OS_ROOT.certificate(), null, "/os")
                .build());
    }

    @AfterEach
    void reset() {
        FakeBackend.verifyWith(null);
        System.clearProperty(Verification.PROPERTY);
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
    }

    private static TrustManager[] systemTrust(KeyStore keyStore) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        factory.init(keyStore);
        return factory.getTrustManagers();
    }

    /** One handshake to {@code server}, connecting to 127.0.0.1 with SNI "localhost". */
    private static void handshake(TrustManager[] managers, TlsServer server) throws Exception {
        handshake(managers, server, "localhost");
    }

    private static void handshake(TrustManager[] managers, TlsServer server, String sni) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    @Test
    void withoutAnOsVerifierItIsPkixOverTheOsAnchors() throws Exception {
        TrustManager[] managers = systemTrust(null);

        assertThat(managers).singleElement().isInstanceOf(X509ExtendedTrustManager.class)
                .isNotInstanceOf(OsVerifyingTrustManager.class);
        assertThat(((X509ExtendedTrustManager) managers[0]).getAcceptedIssuers())
                .containsExactly(OS_ROOT.certificate());
        try (TlsServer trusted = TlsServer.issuedBy(OS_ROOT); TlsServer unknown = TlsServer.issuedBy(LAZY_ROOT)) {
            handshake(managers, trusted);
            assertThatThrownBy(() -> handshake(managers, unknown)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void withAnOsVerifierServerChainsGoToTheOsWithTheRequestedHostName() throws Exception {
        System.setProperty(Verification.PROPERTY, "os");
        List<String> asked = new ArrayList<>();
        FakeBackend.verifyWith((chain, authType, host) -> {
            asked.add(host + " " + chain[0].getSubjectX500Principal().getName());
            if (!chain[chain.length - 1].equals(LAZY_ROOT.certificate())
                    && !chain[chain.length - 1].getIssuerX500Principal().equals(LAZY_ROOT.certificate()
                            .getSubjectX500Principal())) {
                throw new CertificateException("the OS says no");
            }
        });
        TrustManager[] managers = systemTrust(null);

        try (TlsServer lazy = TlsServer.issuedBy(LAZY_ROOT); TlsServer refused = TlsServer.issuedBy(OS_ROOT)) {
            handshake(managers, lazy);
            assertThatThrownBy(() -> handshake(managers, refused)).isInstanceOf(SSLHandshakeException.class)
                    .hasStackTraceContaining("the OS says no");
        }
        assertThat(asked).containsExactly("localhost CN=localhost", "localhost CN=localhost");
        assertThat(((X509ExtendedTrustManager) managers[0]).getAcceptedIssuers())
                .containsExactly(OS_ROOT.certificate());
    }

    @Test
    void throughAnSslEngineTheOsIsAskedWithThePeerHostAndItsRefusalFailsTheHandshake() throws Exception {
        System.setProperty(Verification.PROPERTY, "os");
        List<String> asked = new ArrayList<>();
        FakeBackend.verifyWith((chain, authType, host) -> {
            asked.add(host);
            if (!chain[chain.length - 1].getIssuerX500Principal().equals(LAZY_ROOT.certificate()
                    .getSubjectX500Principal())) {
                throw new CertificateException("the OS says no");
            }
        });
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, systemTrust(null), null);

        try (TlsServer lazy = TlsServer.issuedBy(LAZY_ROOT); TlsServer refused = TlsServer.issuedBy(OS_ROOT);
                TlsServer wrongName = TlsServer.issuedBy(LAZY_ROOT, "elsewhere.test")) {
            EngineHandshake.run(context, "localhost", lazy.port());
            assertThatThrownBy(() -> EngineHandshake.run(context, "localhost", refused.port()))
                    .isInstanceOf(SSLHandshakeException.class).hasStackTraceContaining("the OS says no");
            assertThatThrownBy(() -> EngineHandshake.run(context, "localhost", wrongName.port()))
                    .as("the JDK's host name check still applies").isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(asked).containsExactly("localhost", "localhost", "localhost");
    }

    @Test
    void whatTheOsAcceptsStillPassesTheJdksHostNameCheck() throws Exception {
        System.setProperty(Verification.PROPERTY, "os");
        List<String> asked = new ArrayList<>();
        FakeBackend.verifyWith((chain, authType, host) -> asked.add(host));
        TrustManager[] managers = systemTrust(null);

        // Only "localhost": the JDK falls back from a mismatching SNI name to the peer address, 127.0.0.1.
        try (TlsServer server = TlsServer.issuedBy(LAZY_ROOT, "localhost")) {
            handshake(managers, server);
            assertThatThrownBy(() -> handshake(managers, server, "other.example"))
                    .isInstanceOf(SSLHandshakeException.class).hasStackTraceContaining("No subject alternative names");
        }
        assertThat(asked).as(asked.toString()).containsExactly("localhost", "other.example");
    }

    @Test
    void byDefaultTheOsVerifierIsNotUsedEvenWhereThereIsOne() throws Exception {
        FakeBackend.verifyWith((chain, authType, host) -> {
            throw new AssertionError("verification defaults to PKIX over the OS anchors");
        });

        TrustManager[] managers = systemTrust(null);

        assertThat(managers).singleElement().isInstanceOf(LiveTrustManager.class);
        try (TlsServer trusted = TlsServer.issuedBy(OS_ROOT)) {
            handshake(managers, trusted);
        }
    }

    @Test
    void parametersChooseTheVerificationWhateverThePropertySays() throws Exception {
        FakeBackend.verifyWith((chain, authType, host) -> { });
        System.setProperty(Verification.PROPERTY, "anchors");
        TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());

        factory.init(new SystemTrustParameters(Verification.OS));

        assertThat(factory.getTrustManagers()).singleElement().isInstanceOf(OsVerifyingTrustManager.class);
    }

    @Test
    void aMistypedVerificationPropertyFailsInitLoudly() {
        System.setProperty(Verification.PROPERTY, "os-please");

        assertThatThrownBy(() -> systemTrust(null)).isInstanceOf(java.security.KeyStoreException.class)
                .hasMessageContaining("os-please").hasMessageContaining("anchors or os");
    }

    @Test
    void anExplicitKeyStoreMeansPkixOverThatKeyStore() throws Exception {
        KeyStore mine = KeyStore.getInstance("PKCS12");
        mine.load(null, null);
        mine.setCertificateEntry("mine", LAZY_ROOT.certificate());
        FakeBackend.verifyWith((chain, authType, host) -> {
            throw new AssertionError("an explicit KeyStore must not be replaced by the OS");
        });

        TrustManager[] managers = systemTrust(mine);

        try (TlsServer server = TlsServer.issuedBy(LAZY_ROOT)) {
            handshake(managers, server);
        }
    }

    @Test
    void aCopyOfCacertsTheApplicationLoadedItselfIsItsChoiceNotTheOsStore() throws Exception {
        // Only the JDK's default-SSLContext code handing over cacerts means "no choice" (ZeroCodeAdoptionTest
        // proves that path in a child JVM); an application that loads cacerts itself chose it.
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(System.getProperty("java.home"),
                "lib", "security", "cacerts"))) {
            cacerts.load(in, null);
        }

        TrustManager[] managers = systemTrust(cacerts);

        assertThat(((X509ExtendedTrustManager) managers[0]).getAcceptedIssuers()).hasSizeGreaterThan(50)
                .doesNotContain(OS_ROOT.certificate());
    }

    @Test
    void aSystemTrustKeyStoreStillGoesThroughTheOsVerifier() throws Exception {
        System.setProperty(Verification.PROPERTY, "os");
        FakeBackend.verifyWith((chain, authType, host) -> { });
        KeyStore system = KeyStore.getInstance("SystemTrust", new SystemTrustProvider());
        system.load(null, null);

        assertThat(systemTrust(system)).singleElement().isInstanceOf(OsVerifyingTrustManager.class);
    }

    @Test
    void parametersAreRefusedAndUseBeforeInitIsAnError() {
        assertThatThrownBy(() -> TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider())
                .init(new javax.net.ssl.ManagerFactoryParameters() { }))
                .isInstanceOf(InvalidAlgorithmParameterException.class).hasMessageContaining("init(null)")
                .hasMessageContaining("SystemTrustParameters");
        assertThatThrownBy(() -> TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider())
                .getTrustManagers()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyOsStoreFailsInitWithTheReason() {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).build());

        assertThatThrownBy(() -> systemTrust(null)).isInstanceOf(java.security.KeyStoreException.class)
                .hasMessageContaining("found no trusted certificates");
    }
}
