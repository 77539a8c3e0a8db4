package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SystemTrustKeyStoreTest {
    private static final X509Certificate ROOT_A = TestCertificates.selfSignedCa("Root A").certificate();
    private static final X509Certificate ROOT_B = TestCertificates.selfSignedCa("Root B").certificate();
    private static final X509Certificate EVIL = TestCertificates.selfSignedCa("Evil Root").certificate();

    private final SystemTrustProvider provider = new SystemTrustProvider();

    @BeforeEach
    void useFakeBackend() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID)
                .searched("/fake/bundle.pem", SearchedLocation.Outcome.READ, 4, "")
                .trust(ROOT_A, null, "/fake/bundle.pem")
                .trust(ROOT_B, "Corporate Root", "/fake/bundle.pem")
                .trust(ROOT_A, null, "/fake/dir/a.pem")
                .trust(EVIL, null, "/fake/bundle.pem")
                .exclude(EVIL, "/fake/blocklist.pem", ExclusionReason.DISTRUSTED, "reject serverAuth")
                .build());
    }

    @AfterEach
    void clearOverride() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
    }

    private KeyStore loaded() throws Exception {
        KeyStore store = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE, provider);
        store.load(null, null);
        return store;
    }

    @Test
    void holdsEachTrustedCertificateOnceAndNeverADistrustedOne() throws Exception {
        KeyStore store = loaded();

        assertThat(store.size()).isEqualTo(2);
        List<X509Certificate> certificates = Collections.list(store.aliases()).stream()
                .map(alias -> {
                    try {
                        return (X509Certificate) store.getCertificate(alias);
                    } catch (KeyStoreException e) {
                        throw new AssertionError(e);
                    }
                }).toList();
        assertThat(certificates).containsExactly(ROOT_A, ROOT_B);
        assertThat(store.getCertificateAlias(EVIL)).isNull();
    }

    @Test
    void aliasesAreReadableStableAndFingerprintSuffixed() throws Exception {
        KeyStore first = loaded();
        KeyStore second = loaded();

        String rootA = "root-a-" + crc32(ROOT_A);
        String rootB = "corporate-root-" + crc32(ROOT_B);
        assertThat(Collections.list(first.aliases())).containsExactly(rootA, rootB);
        assertThat(Collections.list(second.aliases())).containsExactly(rootA, rootB);
        assertThat(first.isCertificateEntry(rootA)).isTrue();
        assertThat(first.isKeyEntry(rootA)).isFalse();
        assertThat(first.containsAlias(rootA.toUpperCase())).isTrue();
        assertThat(first.getCreationDate(rootA)).isEqualTo(ROOT_A.getNotBefore());
    }

    private static String crc32(X509Certificate certificate) throws Exception {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(certificate.getEncoded());
        return String.format("%08x", crc.getValue());
    }

    @Test
    void ignoresWhateverStreamAndPasswordTheJdkPasses() throws Exception {
        KeyStore store = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE, provider);
        store.load(new ByteArrayInputStream("not a keystore at all".getBytes()), "changeit".toCharArray());

        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void everyMutatorFailsWithAReadOnlyMessage() throws Exception {
        KeyStore store = loaded();
        String alias = Collections.list(store.aliases()).get(0);

        assertThatThrownBy(() -> store.setCertificateEntry("x", ROOT_A))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> store.deleteEntry(alias))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> store.setEntry("x", new KeyStore.TrustedCertificateEntry(ROOT_A), null))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> store.setKeyEntry("x", new byte[] {1}, new java.security.cert.Certificate[] {ROOT_A}))
                .isInstanceOf(KeyStoreException.class).hasMessageContaining("read-only");
        assertThatThrownBy(() -> store.store(new ByteArrayOutputStream(), new char[0]))
                .isInstanceOf(IOException.class).hasMessageContaining("read-only");
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void emptyStoreFailsNamingEverySearchedPlaceAndTheRemedy() {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID)
                .searched("/etc/ssl/certs/ca-certificates.crt", SearchedLocation.Outcome.ABSENT, 0, "no such file")
                .searched("/etc/ssl/certs", SearchedLocation.Outcome.READ, 0, "no certificates")
                .build());

        assertThatThrownBy(this::loaded)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("found no trusted certificates")
                .hasMessageContaining("/etc/ssl/certs/ca-certificates.crt: ABSENT (no such file)")
                .hasMessageContaining("/etc/ssl/certs: READ")
                .hasMessageContaining("give the fake backend some certificates");
    }

    @Test
    void backendFailureBecomesAnIOExceptionWithTheCause() {
        FakeBackend.serve(() -> null);

        assertThatThrownBy(this::loaded).isInstanceOf(IOException.class).hasMessageContaining("fake store unavailable");
    }

    @Test
    void unknownBackendOverrideIsNamedInTheError() {
        System.setProperty(BackendSelector.BACKEND_PROPERTY, "plan9");

        assertThatThrownBy(this::loaded).isInstanceOf(IOException.class)
                .hasMessageContaining("plan9").hasMessageContaining(FakeBackend.ID);
    }

    @Test
    void providerIsFoundByNameThroughServiceLoader() {
        List<String> names = java.util.ServiceLoader.load(java.security.Provider.class).stream()
                .map(p -> p.get().getName()).toList();

        assertThat(names).contains("SystemTrust");
    }
}
