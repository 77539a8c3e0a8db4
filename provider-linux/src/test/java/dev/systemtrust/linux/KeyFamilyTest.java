package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class KeyFamilyTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private static KeyPair keys(String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, BC);
        if (algorithm.equals("EC")) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else if (algorithm.equals("RSA") || algorithm.equals("RSASSA-PSS")) {
            generator.initialize(new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4));
        } else if (algorithm.equals("DSA")) {
            generator.initialize(1024);
        }
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subjectKeys} signed with {@code signerKeys} using {@code signature}. */
    private static X509Certificate certificate(KeyPair subjectKeys, KeyPair signerKeys, String signature)
            throws Exception {
        X500Principal name = new X500Principal("CN=Family " + signature);
        X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.TWO, Date.from(Instant.now()),
                        Date.from(Instant.now().plusSeconds(3600)), name, subjectKeys.getPublic())
                        .build(new JcaContentSignerBuilder(signature).setProvider(BC).build(signerKeys.getPrivate())));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
    }

    @Test
    void selfSignedWhenTheSignatureAlgorithmFitsTheCertificatesOwnKeyType() throws Exception {
        KeyPair rsa = keys("RSA");
        KeyPair ec = keys("EC");
        KeyPair dsa = keys("DSA");
        KeyPair ed25519 = keys("Ed25519");
        KeyPair ed448 = keys("Ed448");
        for (String signature : List.of("SHA1withRSA", "SHA256withRSA", "SHA512withRSA", "SHA256withRSAandMGF1",
                "SHA3-256withRSA")) {
            assertThat(SelfSignedCheck.isSelfSigned(certificate(rsa, rsa, signature))).as(signature).isTrue();
            assertThat(SelfSignedCheck.isSelfSigned(certificate(ec, rsa, signature))).as("EC key, " + signature)
                    .isFalse();
        }
        // OpenSSL 3.0 cannot pair ECDSA with SHA-3 to a key type, so such a root is not self-signed for it.
        assertThat(SelfSignedCheck.isSelfSigned(certificate(ec, ec, "SHA3-256withECDSA"))).isFalse();
        for (String signature : List.of("SHA1withECDSA", "SHA256withECDSA", "SHA384withECDSA")) {
            assertThat(SelfSignedCheck.isSelfSigned(certificate(ec, ec, signature))).as(signature).isTrue();
            assertThat(SelfSignedCheck.isSelfSigned(certificate(rsa, ec, signature))).as("RSA key, " + signature)
                    .isFalse();
        }
        assertThat(SelfSignedCheck.isSelfSigned(certificate(dsa, dsa, "SHA256withDSA"))).isTrue();
        assertThat(SelfSignedCheck.isSelfSigned(certificate(ed25519, ed25519, "Ed25519"))).isTrue();
        assertThat(SelfSignedCheck.isSelfSigned(certificate(ed448, ed448, "Ed448"))).isTrue();
        assertThat(SelfSignedCheck.isSelfSigned(certificate(ec, ed25519, "Ed25519"))).isFalse();
        // As OpenSSL's check_sig_alg_match: Ed25519 and Ed448 are different key types, and RSA-PSS keys sign
        // only with RSASSA-PSS, while plain RSA keys may sign either way.
        assertThat(SelfSignedCheck.isSelfSigned(certificate(ed448, ed25519, "Ed25519"))).isFalse();
        KeyPair pss = keys("RSASSA-PSS");
        assertThat(SelfSignedCheck.isSelfSigned(certificate(pss, pss, "SHA256withRSAandMGF1"))).isTrue();
        assertThat(SelfSignedCheck.isSelfSigned(certificate(pss, pss, "SHA256withRSA"))).isFalse();
    }

    @Test
    void oldOiwAlgorithmIdentifiersPairAsOpenSslPairsThem() {
        byte[] sha1WithRsaSignature = {0x2b, 0x0e, 0x03, 0x02, 0x1d};
        byte[] dsaWithSha1 = {0x2b, 0x0e, 0x03, 0x02, 0x1b};
        byte[] oiwDsaKey = {0x2b, 0x0e, 0x03, 0x02, 0x0c};
        byte[] rsaEncryption = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};

        assertThat(KeyFamily.signs(KeyFamily.ofSignature(sha1WithRsaSignature), KeyFamily.ofKey(rsaEncryption)))
                .isTrue();
        assertThat(KeyFamily.signs(KeyFamily.ofSignature(dsaWithSha1), KeyFamily.ofKey(oiwDsaKey))).isTrue();
        assertThat(KeyFamily.signs(KeyFamily.ofSignature(dsaWithSha1), KeyFamily.ofKey(rsaEncryption))).isFalse();
        assertThat(KeyFamily.signs(KeyFamily.ofSignature(new byte[] {0x2b, 0x0e, 0x03, 0x02, 0x7f}),
                KeyFamily.ofKey(rsaEncryption))).as("an unknown algorithm").isFalse();
    }

    @Test
    void agreesWithTheJdksAlgorithmNamesOnEveryCertificateOfThisMachine() throws Exception {
        Path mozilla = Path.of("/usr/share/ca-certificates/mozilla");
        List<X509Certificate> certificates = new ArrayList<>();
        if (Files.isDirectory(mozilla)) {
            try (var files = Files.list(mozilla)) {
                for (Path file : files.toList()) {
                    certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file))));
                }
            }
        }
        certificates.add(certificate(keys("RSA"), keys("RSA"), "SHA256withRSA"));
        for (X509Certificate certificate : certificates) {
            TbsFields fields = TbsFields.of(certificate.getEncoded());
            String name = certificate.getSubjectX500Principal().getName();
            assertThat(KeyFamily.ofSignature(fields.signatureAlgorithm)).as(name)
                    .isEqualTo(familyByJdkName(certificate.getSigAlgName()));
            assertThat(KeyFamily.ofKey(fields.publicKeyAlgorithm)).as(name)
                    .isEqualTo(familyByJdkName(certificate.getPublicKey().getAlgorithm()));
        }
    }

    private static KeyFamily familyByJdkName(String algorithm) {
        String name = algorithm.toUpperCase(Locale.ROOT);
        if (name.endsWith("WITHECDSA") || name.equals("EC")) {
            return KeyFamily.EC;
        }
        if (name.equals("RSASSA-PSS")) {
            return KeyFamily.RSA_PSS;
        }
        if (name.endsWith("WITHRSA") || name.equals("RSA")) {
            return KeyFamily.RSA;
        }
        if (name.endsWith("WITHDSA") || name.equals("DSA")) {
            return KeyFamily.DSA;
        }
        if (name.equals("ED25519") || name.equals("ED448")) {
            return name.equals("ED25519") ? KeyFamily.ED25519 : KeyFamily.ED448;
        }
        return KeyFamily.UNKNOWN;
    }
}
