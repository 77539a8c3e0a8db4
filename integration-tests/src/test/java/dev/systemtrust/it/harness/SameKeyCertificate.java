package dev.systemtrust.it.harness;

import dev.systemtrust.testing.TestCertificates;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Another certificate for the same CA: the subject, key, validity and extensions of {@code original}, a new serial
 * number, issued by {@code issuer}. Issued by the original's own issuer it is a re-issued copy (a re-dated or
 * re-signed intermediate or root); issued by another CA it is a cross-certificate. Either way the OS may distrust
 * one certificate of the CA while a server sends another.
 */
public final class SameKeyCertificate {
    private static final BigInteger SERIAL_OFFSET = BigInteger.valueOf(1_000_003);

    private SameKeyCertificate() {
    }

    public static TestCertificates.Issued issuedBy(TestCertificates.Issued issuer, TestCertificates.Issued original) {
        try {
            X509CertificateHolder template = new JcaX509CertificateHolder(original.certificate());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    template.getSerialNumber().add(SERIAL_OFFSET), template.getNotBefore(), template.getNotAfter(),
                    template.getSubject(), template.getSubjectPublicKeyInfo());
            for (Object extension : template.getExtensionOIDs()) {
                ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) extension;
                if (!oid.equals(Extension.authorityKeyIdentifier)) {
                    builder.copyAndAddExtension(oid, template.getExtension(oid).isCritical(), template);
                }
            }
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.keys().getPublic()));
            X509Certificate copy = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate())));
            return new TestCertificates.Issued(copy, original.keys());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}
