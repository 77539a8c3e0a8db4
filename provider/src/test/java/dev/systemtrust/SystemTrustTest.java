package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.KeyStoreCertificates;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TlsServer;
import java.io.IOException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SystemTrustTest {
    private static final TestCertificates.Issued OS_ROOT = TestCertificates.selfSignedCa("API Root");
    private static final TestCertificates.Issued OTHER_ROOT = TestCertificates.selfSignedCa("API Other Root");

    private final AtomicReference<TrustStoreReport> served = new AtomicReference<>();
    private String tmfAlgorithmBefore;

    @BeforeEach
    void osStoreWithOneRoot() {
        tmfAlgorithmBefore = Security.getProperty(SystemTrust.TMF_ALGORITHM);
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
        served.set(trusting(OS_ROOT));
        FakeBackend.serve(served::get);
    }

    @AfterEach
    void restore() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty(SystemTrust.TRUST_STORE_TYPE);
        System.clearProperty(SystemTrust.TRUST_STORE);
        System.clearProperty(Verification.PROPERTY);
        Security.removeProvider(SystemTrustProvider.NAME);
        Security.setProperty(SystemTrust.TMF_ALGORITHM, tmfAlgorithmBefore == null ? "PKIX" : tmfAlgorithmBefore);
        FakeBackend.verifyWith(null);
        TrustStoreReader.invalidateCache();
    }

    private static TrustStoreReport trusting(TestCertificates.Issued root) {
        return TrustStoreReport.builder(FakeBackend.ID).trust(root.certificate(), null, "/os").build();
    }

    private static void handshake(SSLContext context, TlsServer server) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
        }
    }

    @Test
    void sslContextTrustsTheOsStoreAndNothingElse() throws Exception {
        SSLContext context = SystemTrust.sslContext();

        try (TlsServer trusted = TlsServer.issuedBy(OS_ROOT); TlsServer unknown = TlsServer.issuedBy(OTHER_ROOT)) {
            handshake(context, trusted);
            assertThatThrownBy(() -> handshake(context, unknown)).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void trustManagerIsLiveWhileTheKeyStoreIsASnapshot() throws Exception {
        // The fake backend has no cheap change check, so the store is re-read in the background, here every second.
        System.setProperty("systemtrust.refreshSeconds", "1");
        KeyStore snapshot;
        try {
            X509ExtendedTrustManager live = SystemTrust.trustManager();
            snapshot = SystemTrust.keyStore();
            assertThat(live.getAcceptedIssuers()).containsExactly(OS_ROOT.certificate());

            served.set(trusting(OTHER_ROOT));
            X509Certificate[] chain = {TestCertificates.server(OTHER_ROOT, "api.test").certificate(),
                OTHER_ROOT.certificate()};
            long deadline = System.nanoTime() + 10_000_000_000L;
            CertificateException last = null;
            while (System.nanoTime() < deadline) {
                try {
                    live.checkServerTrusted(chain, "ECDHE_ECDSA");
                    last = null;
                    break;
                } catch (CertificateException e) {
                    last = e;
                    Thread.sleep(50);
                }
            }
            assertThat(last).as("the live trust manager follows the store").isNull();
        } finally {
            System.clearProperty("systemtrust.refreshSeconds");
        }
        assertThat(KeyStoreCertificates.all(snapshot)).containsExactly(OS_ROOT.certificate());
        assertThatThrownBy(() -> snapshot.setCertificateEntry("x", OTHER_ROOT.certificate()))
                .isInstanceOf(KeyStoreException.class);
    }

    @Test
    void sslContextForgetsItsSessionsWhenTrustChangesSoNoneResumesAcrossIt() throws Exception {
        System.setProperty("systemtrust.refreshSeconds", "1");
        try (TlsServer server = TlsServer.issuedBy(OS_ROOT)) {
            SSLContext context = SystemTrust.sslContext();
            handshake(context, server);
            assertThat(java.util.Collections.list(context.getClientSessionContext().getIds())).isNotEmpty();

            served.set(TrustStoreReport.builder(FakeBackend.ID).trust(OS_ROOT.certificate(), null, "/os")
                    .trust(OTHER_ROOT.certificate(), null, "/os").build());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (context.getClientSessionContext().getIds().hasMoreElements() && System.nanoTime() < deadline) {
                handshakeIgnoringFailure(context, server); // a handshake is what notices the change
                Thread.sleep(10);
            }

            assertThat(java.util.Collections.list(context.getClientSessionContext().getIds()))
                    .as("sessions cached before the change").isEmpty();
        } finally {
            System.clearProperty("systemtrust.refreshSeconds");
        }
    }

    private static void handshakeIgnoringFailure(SSLContext context, TlsServer server) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
            socket.getSession().invalidate(); // only sessions from before the change may remain to be seen
        } catch (IOException e) {
            // the point is the trust manager's look at the store, not this handshake
        }
    }

    @Test
    void anUnreadableStoreIsAnIOExceptionNamingWhatWasSearched() {
        served.set(TrustStoreReport.builder(FakeBackend.ID).searched("/nowhere",
                dev.systemtrust.spi.SearchedLocation.Outcome.ABSENT, 0, "no such file").build());

        assertThatThrownBy(SystemTrust::trustManager).isInstanceOf(IOException.class)
                .hasMessageContaining("found no trusted certificates").hasMessageContaining("/nowhere");
        assertThatThrownBy(SystemTrust::sslContext).isInstanceOf(IOException.class);
        assertThatThrownBy(SystemTrust::keyStore).isInstanceOf(IOException.class);
    }

    @Test
    void installMakesSystemTrustTheDefaultForTheJdkAndIsIdempotent() throws Exception {
        System.clearProperty(SystemTrust.TRUST_STORE_TYPE);
        Security.setProperty(SystemTrust.TMF_ALGORITHM, "PKIX");

        SystemTrust.install();
        SystemTrust.install();

        assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(SystemTrustProvider.NAME)).hasSize(1);
        assertThat(System.getProperty(SystemTrust.TRUST_STORE_TYPE)).isEqualTo("SystemTrust");
        assertThat(TrustManagerFactory.getDefaultAlgorithm()).isEqualTo("SystemTrust");
        assertThat(System.getProperty(Verification.PROPERTY)).as("the default verification is left unset").isNull();
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        assertThat(((X509ExtendedTrustManager) factory.getTrustManagers()[0]).getAcceptedIssuers())
                .containsExactly(OS_ROOT.certificate());
    }

    @Test
    void installLeavesTheDefaultFactoryAloneWhenTheUserChoseATrustStore() {
        System.setProperty(SystemTrust.TRUST_STORE, "/my/truststore.p12");
        Security.setProperty(SystemTrust.TMF_ALGORITHM, "PKIX");

        SystemTrust.install();

        // Libraries calling init(null) on the default factory must keep getting the store the user named.
        assertThat(TrustManagerFactory.getDefaultAlgorithm()).isEqualTo("PKIX");
        assertThat(System.getProperty(SystemTrust.TRUST_STORE_TYPE)).isNull();
        assertThat(Security.getProvider(SystemTrustProvider.NAME)).isNotNull();
    }

    @Test
    void installLeavesATrustStoreAndAFactoryAlgorithmTheUserChoseAlone() {
        System.setProperty(SystemTrust.TRUST_STORE, "/my/truststore.p12");
        Security.setProperty(SystemTrust.TMF_ALGORITHM, "MyCompanyTrust");

        SystemTrust.install(Verification.OS);

        assertThat(System.getProperty(SystemTrust.TRUST_STORE_TYPE)).isNull();
        assertThat(Security.getProperty(SystemTrust.TMF_ALGORITHM)).isEqualTo("MyCompanyTrust");
        assertThat(System.getProperty(Verification.PROPERTY)).isEqualTo("os");
    }
}
