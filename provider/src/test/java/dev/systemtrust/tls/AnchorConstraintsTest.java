package dev.systemtrust.tls;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * The anchor's own validity, path length and name constraints bind, as OpenSSL ({@code openssl verify} error 10,
 * 25 and 47), macOS and Windows enforce them; the JDK's PKIX alone reads none of them from a trust anchor.
 */
class AnchorConstraintsTest {
    private static final AtomicLong SERIALS = new AtomicLong();
    private static final Instant NOW = Instant.now();

    /** One certificate: subject keys, issuer and its keys, validity, and what else a test needs. */
    private record Cert(X509Certificate certificate, KeyPair keys) {
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Cert ca(String name, Cert issuer, Instant notAfter, Integer pathLength, String permittedDns)
            throws Exception {
        KeyPair keys = keys();
        X500Principal subject = new X500Principal("CN=" + name + ",O=Anchor Constraints");
        X509v3CertificateBuilder builder = builder(subject, keys, issuer, notAfter);
        builder.addExtension(Extension.basicConstraints, true,
                pathLength == null ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        if (permittedDns != null) {
            builder.addExtension(Extension.nameConstraints, true, new NameConstraints(new GeneralSubtree[] {
                new GeneralSubtree(new GeneralName(GeneralName.dNSName, permittedDns))}, null));
        }
        return sign(builder, keys, issuer);
    }

    private static Cert server(String dnsName, Cert issuer) throws Exception {
        KeyPair keys = keys();
        X509v3CertificateBuilder builder = builder(new X500Principal("CN=" + dnsName), keys, issuer,
                NOW.plus(Duration.ofDays(30)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        return sign(builder, keys, issuer);
    }

    private static X509v3CertificateBuilder builder(X500Principal subject, KeyPair keys, Cert issuer,
            Instant notAfter) {
        X500Principal issuerName = issuer == null ? subject : issuer.certificate().getSubjectX500Principal();
        return new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(NOW.minus(Duration.ofDays(3650))), Date.from(notAfter), subject, keys.getPublic());
    }

    private static Cert sign(X509v3CertificateBuilder builder, KeyPair keys, Cert issuer) throws Exception {
        KeyPair signer = issuer == null ? keys : issuer.keys();
        return new Cert(new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))), keys);
    }

    private static LiveTrustManager trusting(Cert... roots) throws Exception {
        TrustStoreReport.Builder report = TrustStoreReport.builder("test");
        for (Cert root : roots) {
            report.trust(root.certificate(), null, "/etc/ssl/certs/roots.pem");
        }
        TrustStoreReport read = report.build();
        return LiveTrustManager.create(new LiveStore.StoreReads() {
            @Override
            public TrustStoreReport current() throws IOException {
                return read;
            }

            @Override
            public boolean changeCheckIsCheap() {
                return true;
            }
        }, System::nanoTime);
    }

    private static void check(LiveTrustManager manager, Cert... chain) throws CertificateException {
        X509Certificate[] certificates = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            certificates[i] = chain[i].certificate();
        }
        manager.checkServerTrusted(certificates, "ECDHE_ECDSA");
    }

    @Test
    void aRootsNameConstraintsBindEveryCertificateBelowIt() throws Exception {
        Cert corpRoot = ca("Corp Constrained Root", null, NOW.plus(Duration.ofDays(365)), null, "corp.test");
        Cert issuing = ca("Corp Issuing CA", corpRoot, NOW.plus(Duration.ofDays(365)), null, null);
        LiveTrustManager manager = trusting(corpRoot);

        assertThatCode(() -> check(manager, server("www.corp.test", corpRoot))).doesNotThrowAnyException();
        assertThatCode(() -> check(manager, server("intranet.corp.test", issuing), issuing))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check(manager, server("www.bank.example", corpRoot)))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("outside the name constraints of the OS anchor \"CN=Corp Constrained Root");
        assertThatThrownBy(() -> check(manager, server("www.bank.example", issuing), issuing))
                .isInstanceOf(CertificateException.class).hasMessageContaining("outside the name constraints");
    }

    @Test
    void anExpiredRootVouchesForNothing() throws Exception {
        Cert expired = ca("Expired Root", null, NOW.minus(Duration.ofDays(2)), null, null);
        Cert current = ca("Current Root", null, NOW.plus(Duration.ofDays(365)), null, null);
        LiveTrustManager manager = trusting(expired, current);

        assertThatThrownBy(() -> check(manager, server("www.example.test", expired), expired))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("the OS anchor \"CN=Expired Root,O=Anchor Constraints\" is not valid now");
        assertThatCode(() -> check(manager, server("www.example.test", current), current)).doesNotThrowAnyException();
    }

    @Test
    void aRootsPathLengthLimitsTheIntermediatesBelowIt() throws Exception {
        Cert root = ca("Path Length Zero Root", null, NOW.plus(Duration.ofDays(365)), 0, null);
        Cert subCa = ca("Sub CA", root, NOW.plus(Duration.ofDays(365)), null, null);
        Cert subSubCa = ca("Sub Sub CA", subCa, NOW.plus(Duration.ofDays(365)), null, null);
        Cert rootOne = ca("Path Length One Root", null, NOW.plus(Duration.ofDays(365)), 1, null);
        Cert underOne = ca("Under One", rootOne, NOW.plus(Duration.ofDays(365)), null, null);
        LiveTrustManager manager = trusting(root, rootOne);

        assertThatCode(() -> check(manager, server("direct.test", root))).doesNotThrowAnyException();
        assertThatThrownBy(() -> check(manager, server("www.example.test", subCa), subCa))
                .isInstanceOf(CertificateException.class).hasMessageContaining("path length constraint");
        assertThatCode(() -> check(manager, server("one.test", underOne), underOne)).doesNotThrowAnyException();
        Cert underUnderOne = ca("Under Under One", underOne, NOW.plus(Duration.ofDays(365)), null, null);
        assertThatThrownBy(() -> check(manager, server("two.test", underUnderOne), underUnderOne, underOne))
                .isInstanceOf(CertificateException.class).hasMessageContaining("path length constraint");
        assertThatThrownBy(() -> check(manager, server("www.example.test", subSubCa), subSubCa, subCa))
                .isInstanceOf(CertificateException.class);
    }
}
