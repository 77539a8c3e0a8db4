package dev.systemtrust.linux;

import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Names with chosen string types, certificates carrying them, and OpenSSL's own subject hash for comparison. */
final class OpenSslNames {
    static final ASN1ObjectIdentifier CN = new ASN1ObjectIdentifier("2.5.4.3");
    static final ASN1ObjectIdentifier OU = new ASN1ObjectIdentifier("2.5.4.11");
    static final ASN1ObjectIdentifier O = new ASN1ObjectIdentifier("2.5.4.10");
    static final ASN1ObjectIdentifier EMAIL = new ASN1ObjectIdentifier("1.2.840.113549.1.9.1");

    private OpenSslNames() {
    }

    /** One attribute: a type and a value of the given ASN.1 string type. */
    static ASN1Encodable attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {type, value});
    }

    /** A Name of RDNs, each the given attributes (several make a multi-valued RDN). */
    static byte[] name(ASN1Encodable[]... rdns) {
        ASN1Encodable[] sets = new ASN1Encodable[rdns.length];
        for (int i = 0; i < rdns.length; i++) {
            sets[i] = new DERSet(rdns[i]);
        }
        try {
            return new DERSequence(sets).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Name of one RDN: the common name {@code value}. */
    static byte[] commonName(ASN1Encodable value) {
        return name(new ASN1Encodable[] {attribute(CN, value)});
    }

    /** A self-signed certificate with {@code subject} as subject and issuer, encoded exactly as given. */
    static X509Certificate selfSigned(byte[] subject) throws Exception {
        return signedByItsOwnKey(subject, subject);
    }

    /** A certificate signed with its own key whose subject and issuer are encoded exactly as given. */
    static X509Certificate signedByItsOwnKey(byte[] subject, byte[] issuer) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                X500Name.getInstance(issuer), BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(86_400)), X500Name.getInstance(subject), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    /** What {@code openssl x509 -hash} prints for {@code certificate}. */
    static String openSslHash(X509Certificate certificate, Path directory) throws Exception {
        Path pem = Files.createTempFile(directory, "name", ".pem");
        Files.writeString(pem, TestCertificates.pem(certificate));
        Process openssl = new ProcessBuilder(List.of("openssl", "x509", "-noout", "-hash", "-in", pem.toString()))
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes()).strip();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new AssertionError("openssl x509 -hash failed: " + output);
        }
        return output;
    }
}
