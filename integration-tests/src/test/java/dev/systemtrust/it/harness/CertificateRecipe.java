package dev.systemtrust.it.harness;

import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates with the flaws a TLS doctor must recognise: a chosen validity period (expired, not yet valid), an
 * RSA key, a chosen signature algorithm (MD5), names that do not fit. Defaults: EC P-256, SHA-256, valid from
 * yesterday for ten years. For plain CAs and servers, {@link TestCertificates} is simpler.
 */
public final class CertificateRecipe {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime() ^ 0x5EED);

    private final X500Principal subject;
    private final boolean ca;
    private final List<String> names;
    private TestCertificates.Issued issuer;
    private int rsaBits;
    private String signatureAlgorithm;
    private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(3650));

    private CertificateRecipe(X500Principal subject, boolean ca, List<String> names) {
        this.subject = subject;
        this.ca = ca;
        this.names = names;
    }

    /** A CA certificate (self-signed unless {@link #issuedBy}). */
    public static CertificateRecipe ca(String commonName) {
        return new CertificateRecipe(new X500Principal("CN=" + commonName + ", O=SystemTrust Tests"), true, List.of());
    }

    /** A TLS server certificate for {@code names} (DNS names or IPv4 addresses; the first is the CN). */
    public static CertificateRecipe server(String... names) {
        return new CertificateRecipe(new X500Principal("CN=" + names[0]), false, List.of(names));
    }

    public CertificateRecipe issuedBy(TestCertificates.Issued signer) {
        this.issuer = signer;
        return this;
    }

    public CertificateRecipe rsa(int bits) {
        this.rsaBits = bits;
        return this;
    }

    /** The issuer's signature algorithm, e.g. {@code MD5withRSA}; by default SHA-256 with the issuer's key type. */
    public CertificateRecipe signedWith(String algorithm) {
        this.signatureAlgorithm = algorithm;
        return this;
    }

    public CertificateRecipe valid(Instant from, Instant until) {
        this.notBefore = from;
        this.notAfter = until;
        return this;
    }

    public TestCertificates.Issued issue() {
        KeyPair keys = keyPair();
        KeyPair signerKeys = issuer == null ? keys : issuer.keys();
        X500Principal issuerName = issuer == null ? subject : issuer.certificate().getSubjectX500Principal();
        String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                : signerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(signerKeys.getPublic()));
            if (!ca) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                    alternatives.add(new GeneralName(name.matches("[0-9.]+") ? GeneralName.iPAddress
                            : GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            }
            return new TestCertificates.Issued(new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(algorithm).build(signerKeys.getPrivate()))), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyPair keyPair() {
        try {
            if (rsaBits > 0) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(rsaBits);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
