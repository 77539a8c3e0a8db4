package dev.systemtrust.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real X.509 certificates for tests: CAs, intermediates and TLS servers, signed with EC P-256. */
public final class TestCertificates {
    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

    private TestCertificates() {
    }

    /** A certificate with its private key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public String pem() {
            return TestCertificates.pem(certificate);
        }
    }

    public static Issued selfSignedCa(String commonName) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=SystemTrust Tests");
        return new Issued(build(subject, keys, subject, keys, true, List.of(), List.of()), keys);
    }

    /** A self-signed CA whose subject (and issuer) is exactly {@code subject}, encoding included. */
    public static Issued selfSignedCa(X500Principal subject) {
        KeyPair keys = newKeyPair();
        return new Issued(build(subject, keys, subject, keys, true, List.of(), List.of()), keys);
    }

    /** A self-signed CA whose own extended-key-usage extension lists exactly {@code purposes}. */
    public static Issued selfSignedCa(String commonName, KeyPurposeId... purposes) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=SystemTrust Tests");
        return new Issued(build(subject, keys, subject, keys, true, List.of(purposes), List.of()), keys);
    }

    /** The same CA issued again: same subject, same key, new serial number (a re-issued or re-dated root). */
    public static Issued reissued(Issued selfSignedCa) {
        X500Principal subject = selfSignedCa.certificate().getSubjectX500Principal();
        return new Issued(build(subject, selfSignedCa.keys(), subject, selfSignedCa.keys(), true, List.of(),
                List.of()), selfSignedCa.keys());
    }

    /** An intermediate CA whose own extended-key-usage extension lists exactly {@code purposes}. */
    public static Issued intermediate(Issued issuer, String commonName, KeyPurposeId... purposes) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=SystemTrust Tests");
        return new Issued(build(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.keys(), true,
                List.of(purposes), List.of()), keys);
    }

    public static Issued intermediate(Issued issuer, String commonName) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=SystemTrust Tests");
        return new Issued(build(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.keys(), true,
                List.of(), List.of()), keys);
    }

    /** A TLS server certificate for {@code dnsNames} (the first is the CN), with EKU serverAuth. */
    public static Issued server(Issued issuer, String... dnsNames) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + dnsNames[0]);
        return new Issued(build(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.keys(), false,
                List.of(KeyPurposeId.id_kp_serverAuth), List.of(dnsNames)), keys);
    }

    /** The same as {@link #server}, expired two days ago. */
    public static Issued expiredServer(Issued issuer, String... dnsNames) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + dnsNames[0]);
        return new Issued(build(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.keys(), false,
                List.of(KeyPurposeId.id_kp_serverAuth), List.of(dnsNames),
                new CaLimits(Instant.now().minus(Duration.ofDays(2)), null, null)), keys);
    }

    public static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    public static String privateKeyPem(KeyPair keys) {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a CA certificate says about itself beyond the defaults: how long it is valid, and what it limits. */
    private record CaLimits(Instant notAfter, Integer pathLength, String permittedDnsSubtree) {
        static final CaLimits NONE = new CaLimits(null, null, null);
    }

    /** A self-signed CA that expired two days ago. */
    public static Issued expiredSelfSignedCa(String commonName) {
        return limitedSelfSignedCa(commonName, new CaLimits(Instant.now().minus(Duration.ofDays(2)), null, null));
    }

    /** An intermediate CA that expired two days ago. */
    public static Issued expiredIntermediate(Issued issuer, String commonName) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=SystemTrust Tests");
        return new Issued(build(subject, keys, issuer.certificate().getSubjectX500Principal(), issuer.keys(), true,
                List.of(), List.of(), new CaLimits(Instant.now().minus(Duration.ofDays(2)), null, null)), keys);
    }

    /** A self-signed CA whose basic constraints allow {@code pathLength} intermediate CAs below it. */
    public static Issued selfSignedCaWithPathLength(String commonName, int pathLength) {
        return limitedSelfSignedCa(commonName, new CaLimits(null, pathLength, null));
    }

    /** A self-signed CA whose name constraints permit only DNS names in {@code dnsSubtree}. */
    public static Issued selfSignedCaPermittingOnly(String commonName, String dnsSubtree) {
        return limitedSelfSignedCa(commonName, new CaLimits(null, null, dnsSubtree));
    }

    private static Issued limitedSelfSignedCa(String commonName, CaLimits limits) {
        KeyPair keys = newKeyPair();
        X500Principal subject = new X500Principal("CN=" + commonName + ", O=SystemTrust Tests");
        return new Issued(build(subject, keys, subject, keys, true, List.of(), List.of(), limits), keys);
    }

    private static X509Certificate build(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
            KeyPair issuerKeys, boolean ca, List<KeyPurposeId> ekus, List<String> dnsNames) {
        return build(subject, subjectKeys, issuer, issuerKeys, ca, ekus, dnsNames, CaLimits.NONE);
    }

    private static X509Certificate build(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
            KeyPair issuerKeys, boolean ca, List<KeyPurposeId> ekus, List<String> dnsNames, CaLimits limits) {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            Instant notAfter = limits.notAfter() != null ? limits.notAfter() : now.plus(Duration.ofDays(3650));
            Instant notBefore = notAfter.isBefore(now) ? notAfter.minus(Duration.ofDays(3650))
                    : now.minus(Duration.ofDays(1));
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, limits.pathLength() != null
                    ? new BasicConstraints(limits.pathLength()) : new BasicConstraints(ca));
            if (limits.permittedDnsSubtree() != null) {
                builder.addExtension(Extension.nameConstraints, true, new NameConstraints(new GeneralSubtree[] {
                    new GeneralSubtree(new GeneralName(GeneralName.dNSName, limits.permittedDnsSubtree()))}, null));
            }
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
            if (!ekus.isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
            }
            if (!dnsNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String name : dnsNames) {
                    names.add(name.matches("[0-9.]+") ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
