package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.BackendSelector;
import dev.systemtrust.SystemTrustParameters;
import dev.systemtrust.SystemTrustProvider;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.windows.StoreLocation;
import dev.systemtrust.windows.StoreProvider;
import dev.systemtrust.windows.WincryptConstants;
import dev.systemtrust.windows.WindowsBackend;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The public trust managers and KeyStore ({@code TrustManagerFactory.getInstance("SystemTrust")},
 * {@code KeyStore.getInstance("SystemTrust")}) over the Windows backend, whose real JNA layer runs against the
 * crypt32 shim: what Windows distrusts in its Disallowed stores is refused on the path Windows itself built, and is
 * never dropped because a later read of the stores could not see it.
 */
@EnabledOnOs(OS.LINUX)
class TrustManagersOverShimTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Manager Root");
    private static final TestCertificates.Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Manager CA");
    private static final X509Certificate LEAF = TestCertificates.server(INTERMEDIATE, "example.test").certificate();
    private static final int ERROR_ACCESS_DENIED = 5;

    private final Crypt32Shim shim = Crypt32Shim.load();
    private final List<String> keptLastGood = new CopyOnWriteArrayList<>();
    private final Logger liveStoreLogger = Logger.getLogger("dev.systemtrust.tls");
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()
                    && record.getMessage().contains("keeps the OS trust store it read earlier")) {
                keptLastGood.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void theWindowsBackendOverTheShim() {
        shim.reset();
        System.setProperty(Crypt32.LIBRARY_PROPERTY, shim.library.toString());
        System.setProperty(BackendSelector.BACKEND_PROPERTY, WindowsBackend.ID);
        System.setProperty("systemtrust.refreshSeconds", "1");
        TrustStoreReader.invalidateCache(); // a store of its own for each test, read from this test's shim
        liveStoreLogger.addHandler(recorder);
    }

    @AfterEach
    void restore() {
        liveStoreLogger.removeHandler(recorder);
        System.clearProperty(Crypt32.LIBRARY_PROPERTY);
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty("systemtrust.refreshSeconds");
        TrustStoreReader.invalidateCache();
    }

    private static X509ExtendedTrustManager trustManager(Verification verification) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
        factory.init(new SystemTrustParameters(verification));
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }

    /** LOCAL_MACHINE\ROOT holds the root; Windows builds leaf, intermediate, root whatever the server sent. */
    private void windowsBuildsThePathThroughTheIntermediate() {
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "ROOT", ROOT.certificate());
        shim.control.shim_chain_path(shim.certificate(INTERMEDIATE.certificate()));
        shim.control.shim_chain_path(shim.certificate(ROOT.certificate()));
    }

    @Test
    void anIntermediateWindowsSuppliedItselfIsRefusedWhenADisallowedStoreHoldsIt() throws Exception {
        windowsBuildsThePathThroughTheIntermediate();
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "Disallowed",
                INTERMEDIATE.certificate());
        X509ExtendedTrustManager manager = trustManager(Verification.OS);

        // The server sends its certificate alone: the intermediate is one Windows found itself.
        assertThatThrownBy(() -> manager.checkServerTrusted(new X509Certificate[] {LEAF}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CN=Manager CA")
                .hasMessageContaining("LOCAL_MACHINE\\Disallowed (registry)");
        assertThat(shim.control.shim_calls("CertVerifyCertificateChainPolicy")).as("Windows was asked and accepted")
                .isEqualTo(1);
        shim.assertClean();
    }

    @Test
    void thePathWindowsBuiltIsAcceptedWhenNothingOnItIsDistrusted() throws Exception {
        windowsBuildsThePathThroughTheIntermediate();
        X509ExtendedTrustManager manager = trustManager(Verification.OS);

        assertThatCode(() -> manager.checkServerTrusted(new X509Certificate[] {LEAF}, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
        shim.assertClean();
    }

    @Test
    void aKeyStoreLoadFailsLoudlyWhenADisallowedStoreCannotBeRead() throws Exception {
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "ROOT", ROOT.certificate());
        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.LOCAL_MACHINE.flag(), "Disallowed", ERROR_ACCESS_DENIED);
        KeyStore store = KeyStore.getInstance("SystemTrust", new SystemTrustProvider());

        assertThatThrownBy(() -> store.load(null, null)).isInstanceOf(IOException.class)
                .hasMessageContaining("LOCAL_MACHINE\\Disallowed (registry)")
                .hasMessageContaining("ERROR_ACCESS_DENIED");
        shim.assertClean();
    }

    /**
     * The live trust manager re-reads the Windows stores in the background; a re-read that cannot open a Disallowed
     * store must fail, so the manager keeps its first read (with the distrust) instead of one without it.
     */
    @Test
    void aLiveTrustManagerKeepsItsFirstReadWhenALaterReadCannotOpenADisallowedStore() throws Exception {
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "ROOT", ROOT.certificate());
        shim.add(StoreProvider.SYSTEM_REGISTRY, StoreLocation.LOCAL_MACHINE, "Disallowed",
                INTERMEDIATE.certificate());
        X509ExtendedTrustManager manager = trustManager(Verification.ANCHORS);
        X509Certificate[] chain = {LEAF, INTERMEDIATE.certificate()};
        assertThatThrownBy(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CN=Manager CA");

        shim.control.shim_store_open_error(StoreProvider.SYSTEM_REGISTRY.constant(),
                StoreLocation.LOCAL_MACHINE.flag(), "Disallowed", ERROR_ACCESS_DENIED);
        Thread.sleep(1_100); // past systemtrust.refreshSeconds: the next handshake starts a re-read
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (keptLastGood.isEmpty() && System.nanoTime() < deadline) {
            assertThatThrownBy(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA"))
                    .as("a chain through the Disallowed intermediate, while the store is re-read")
                    .isInstanceOf(CertificateException.class);
            Thread.sleep(20);
        }

        assertThat(keptLastGood).as("the re-read failed and the first read was kept").isNotEmpty();
        assertThat(keptLastGood.get(0)).contains("LOCAL_MACHINE\\Disallowed (registry)")
                .contains("ERROR_ACCESS_DENIED");
        assertThatThrownBy(() -> manager.checkServerTrusted(chain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("CN=Manager CA");
        assertThat(shim.control.shim_violations()).isEmpty();
    }
}
