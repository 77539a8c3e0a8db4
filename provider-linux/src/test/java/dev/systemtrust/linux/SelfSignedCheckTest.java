package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class SelfSignedCheckTest {
    private static final TestCertificates.Issued ROOT = TestCertificates.selfSignedCa("Self Signed Root");

    @Test
    void rootIsSelfSignedIntermediateAndServerAreNot() {
        assertThat(SelfSignedCheck.isSelfSigned(ROOT.certificate())).isTrue();
        TestCertificates.Issued intermediate = TestCertificates.intermediate(ROOT, "Intermediate");
        assertThat(SelfSignedCheck.isSelfSigned(intermediate.certificate())).isFalse();
        assertThat(SelfSignedCheck.isSelfSigned(TestCertificates.server(intermediate, "a.test").certificate())).isFalse();
    }

    @Test
    void opensslGeneratedRootWithKeyIdentifiersIsSelfSigned() throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate root = (X509Certificate) factory.generateCertificate(
                new java.io.ByteArrayInputStream(OpenSslTrustAttributesTest.fixture("root.pem")));
        X509Certificate intermediate = (X509Certificate) factory.generateCertificate(
                new java.io.ByteArrayInputStream(OpenSslTrustAttributesTest.fixture("intermediate.pem")));
        assertThat(root.getExtensionValue("2.5.29.35")).isNotNull();
        assertThat(SelfSignedCheck.isSelfSigned(root)).isTrue();
        assertThat(SelfSignedCheck.isSelfSigned(intermediate)).isFalse();
    }

    @Test
    void selfIssuedCertificateWhoseKeyIdentifierNamesAnotherKeyIsNotSelfSigned() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        KeyPair own = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        X500Principal name = new X500Principal("CN=Same Name");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                Date.from(Instant.now()), Date.from(Instant.now().plusSeconds(3600)), name, own.getPublic());
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(own.getPublic()));
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(other.getPublic()));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate())));
        assertThat(SelfSignedCheck.isSelfSigned(certificate)).isFalse();
    }

    /** OpenSSL compares subject and issuer in canonical form: string type, spacing and ASCII case do not count. */
    @Test
    void subjectAndIssuerSpelledDifferentlyAreTheSameNameAsForOpenSsl() throws Exception {
        byte[] subject = OpenSslNames.commonName(new DERBMPString("Spelled Root"));
        byte[] issuer = OpenSslNames.commonName(new DERUTF8String("  spelled   ROOT"));

        assertThat(SelfSignedCheck.isSelfSigned(OpenSslNames.signedByItsOwnKey(subject, issuer))).isTrue();
    }

    /** The JDK folds case beyond ASCII when comparing names; OpenSSL does not. */
    @Test
    void subjectAndIssuerDifferingInNonAsciiCaseAreNotTheSameNameForOpenSsl() throws Exception {
        X509Certificate certificate = OpenSslNames.signedByItsOwnKey(
                OpenSslNames.commonName(new DERUTF8String("ÄBC Root")),
                OpenSslNames.commonName(new DERUTF8String("äbc Root")));

        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        assertThat(SelfSignedCheck.isSelfSigned(certificate)).isFalse();
    }
}
