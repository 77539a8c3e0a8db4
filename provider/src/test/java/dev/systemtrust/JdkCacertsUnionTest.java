package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.FakeBackend;
import dev.systemtrust.testing.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdkCacertsUnionTest {
    private static final X509Certificate OS_ROOT = TestCertificates.selfSignedCa("OS Only Root").certificate();
    private List<X509Certificate> jdkRoots;

    @BeforeEach
    void readJdkCacerts() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(JdkCacertsUnion.cacerts())) {
            cacerts.load(in, null);
        }
        jdkRoots = new ArrayList<>();
        for (String alias : Collections.list(cacerts.aliases())) {
            jdkRoots.add((X509Certificate) cacerts.getCertificate(alias));
        }
        System.setProperty(BackendSelector.BACKEND_PROPERTY, FakeBackend.ID);
        TrustStoreReader.invalidateCache();
    }

    @AfterEach
    void reset() {
        System.clearProperty(BackendSelector.BACKEND_PROPERTY);
        System.clearProperty(JdkCacertsUnion.PROPERTY);
        TrustStoreReader.invalidateCache();
    }

    private static List<X509Certificate> anchors() throws Exception {
        return TrustStoreReader.readAnchors().anchors().stream().map(TrustedCertificate::certificate).toList();
    }

    @Test
    void offByDefault() throws Exception {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(OS_ROOT, null, "/os").build());

        assertThat(anchors()).containsExactly(OS_ROOT);
    }

    @Test
    void addsTheJdkAnchorsButNeverOneTheOsDistrusts() throws Exception {
        assertThat(jdkRoots).hasSizeGreaterThan(10);
        X509Certificate distrustedByOs = jdkRoots.get(3);
        X509Certificate sharedWithOs = jdkRoots.get(5);
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID)
                .trust(OS_ROOT, null, "/os").trust(sharedWithOs, null, "/os")
                .exclude(distrustedByOs, "/os/blocklist", ExclusionReason.DISTRUSTED, "blocklisted").build());
        System.setProperty(JdkCacertsUnion.PROPERTY, "true");

        List<X509Certificate> anchors = anchors();

        assertThat(anchors).startsWith(OS_ROOT, sharedWithOs).doesNotContain(distrustedByOs)
                .hasSize(jdkRoots.size() + 1 - 1).doesNotHaveDuplicates();
        assertThat(TrustStoreReader.readAnchors().searched()).last()
                .satisfies(location -> assertThat(location.detail()).isEqualTo("1 distrusted or refused for TLS servers by the OS, not added"));
    }

    @Test
    void aRootTheOsRefusesForTlsServersIsNotAddedBackFromCacerts() throws Exception {
        X509Certificate restrictedByOs = jdkRoots.get(4);
        X509Certificate reissuedCopyDistrusted = jdkRoots.get(6);
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(OS_ROOT, null, "/os")
                .exclude(restrictedByOs, "LOCAL_MACHINE\\ROOT", ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH,
                        "Microsoft disallows serverAuth for certificates issued after 2024-11-30")
                .exclude(reissuedCopyDistrusted, "/os/blocklist", ExclusionReason.DISTRUSTED, "blocklisted").build());
        System.setProperty(JdkCacertsUnion.PROPERTY, "true");

        assertThat(anchors()).contains(OS_ROOT).doesNotContain(restrictedByOs, reissuedCopyDistrusted)
                .hasSize(jdkRoots.size() + 1 - 2);
    }

    @Test
    void turningTheOptionOnInvalidatesTheCachedRead() throws Exception {
        FakeBackend.serve(() -> TrustStoreReport.builder(FakeBackend.ID).trust(OS_ROOT, null, "/os").build(),
                () -> "unchanged");
        assertThat(anchors()).containsExactly(OS_ROOT);

        System.setProperty(JdkCacertsUnion.PROPERTY, "true");

        assertThat(anchors()).hasSize(jdkRoots.size() + 1);
    }
}
