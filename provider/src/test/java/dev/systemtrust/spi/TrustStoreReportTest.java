package dev.systemtrust.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class TrustStoreReportTest {
    private static final Issued ROOT = TestCertificates.selfSignedCa("Report Root");
    private static final Issued OTHER_ROOT = TestCertificates.selfSignedCa("Report Other Root");
    private static final Issued INTERMEDIATE = TestCertificates.intermediate(ROOT, "Report Intermediate");

    @Test
    void distrustOfOneCopyOfACaBindsEveryCopyWithItsSubjectAndKey() {
        X509Certificate reissued = TestCertificates.reissued(ROOT).certificate();
        assertThat(reissued).isNotEqualTo(ROOT.certificate());

        TrustStoreReport report = TrustStoreReport.builder("test")
                .trust(reissued, null, "/bundle").trust(OTHER_ROOT.certificate(), null, "/bundle")
                .exclude(ROOT.certificate(), "/blocklist", ExclusionReason.DISTRUSTED, "blocklisted").build();

        assertThat(report.anchors()).extracting(TrustedCertificate::certificate)
                .containsExactly(OTHER_ROOT.certificate());
        assertThat(report.excluded()).filteredOn(e -> e.certificate().equals(reissued)).singleElement()
                .satisfies(excluded -> {
                    assertThat(excluded.reason()).isEqualTo(ExclusionReason.DISTRUSTED);
                    assertThat(excluded.detail()).contains("same subject and public key", "/blocklist");
                });
        assertThat(report.distrust().match(reissued)).get().extracting(ExcludedCertificate::detail)
                .asString().contains("/blocklist");
    }

    @Test
    void aSameNamedCaWithAnotherKeyIsNotCaughtByTheDistrust() {
        Issued impostor = TestCertificates.selfSignedCa("Report Root");
        TrustStoreReport report = TrustStoreReport.builder("test").trust(impostor.certificate(), null, "/bundle")
                .exclude(ROOT.certificate(), "/blocklist", ExclusionReason.DISTRUSTED, "blocklisted").build();

        assertThat(report.anchors()).extracting(TrustedCertificate::certificate)
                .containsExactly(impostor.certificate());
        assertThat(report.distrust().match(impostor.certificate())).isEmpty();
    }

    @Test
    void aRootWhoseOwnExtendedKeyUsageExcludesTlsServersIsNoAnchor() {
        X509Certificate clientOnly = TestCertificates.selfSignedCa("Client Only", KeyPurposeId.id_kp_clientAuth)
                .certificate();
        X509Certificate serverAndClient = TestCertificates.selfSignedCa("Server Too", KeyPurposeId.id_kp_clientAuth,
                KeyPurposeId.id_kp_serverAuth).certificate();
        X509Certificate any = TestCertificates.selfSignedCa("Any", KeyPurposeId.anyExtendedKeyUsage).certificate();

        TrustStoreReport report = TrustStoreReport.builder("test").trust(clientOnly, null, "/b")
                .trust(serverAndClient, null, "/b").trust(any, null, "/b").build();

        assertThat(report.anchors()).extracting(TrustedCertificate::certificate)
                .containsExactly(serverAndClient, any);
        assertThat(report.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.certificate()).isEqualTo(clientOnly);
            assertThat(excluded.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
            assertThat(excluded.detail()).contains("1.3.6.1.5.5.7.3.2", "excludes serverAuth");
        });
        assertThat(report.distrust().isEmpty()).isTrue();
    }

    @Test
    void intermediatesAreKeptForPathBuildingUnlessDistrustedOrAnchors() {
        Issued distrusted = TestCertificates.intermediate(ROOT, "Report Distrusted Intermediate");
        TrustStoreReport report = TrustStoreReport.builder("test")
                .trust(ROOT.certificate(), null, "/bundle")
                .intermediate(INTERMEDIATE.certificate(), "/bundle")
                .intermediate(INTERMEDIATE.certificate(), "/directory")
                .intermediate(ROOT.certificate(), "/directory")
                .intermediate(distrusted.certificate(), "/bundle")
                .exclude(distrusted.certificate(), "/blocklist", ExclusionReason.DISTRUSTED, "blocklisted").build();

        assertThat(report.intermediates()).singleElement().satisfies(intermediate -> {
            assertThat(intermediate.certificate()).isEqualTo(INTERMEDIATE.certificate());
            assertThat(intermediate.source()).isEqualTo("/bundle");
        });
        assertThat(report.distrust().size()).isEqualTo(1);
    }
}
