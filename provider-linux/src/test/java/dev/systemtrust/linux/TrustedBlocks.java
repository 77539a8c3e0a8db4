package dev.systemtrust.linux;

import dev.systemtrust.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;

/** Builds OpenSSL {@code TRUSTED CERTIFICATE} blocks (certificate DER followed by X509_CERT_AUX) for tests. */
final class TrustedBlocks {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    static final String EMAIL = "1.3.6.1.5.5.7.3.4";
    static final String ANY_EKU = "2.5.29.37.0";

    private TrustedBlocks() {
    }

    /** {@code null} list = field absent. */
    static byte[] aux(List<String> trust, List<String> reject, String alias) {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        if (trust != null) {
            fields.add(oids(trust));
        }
        if (reject != null) {
            fields.add(new DERTaggedObject(false, 0, oids(reject)));
        }
        if (alias != null) {
            fields.add(new DERUTF8String(alias));
        }
        return encode(new DERSequence(fields));
    }

    static byte[] aux(ASN1Encodable... fields) {
        return encode(new DERSequence(fields));
    }

    static byte[] keyId(byte[] id) {
        return encode(new DEROctetString(id));
    }

    static String pem(X509Certificate certificate, byte[] aux) {
        return TestCertificates.pem("TRUSTED CERTIFICATE", concat(der(certificate), aux));
    }

    static String pem(X509Certificate certificate, List<String> trust, List<String> reject, String alias) {
        return pem(certificate, aux(trust, reject, alias));
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static DERSequence oids(List<String> oids) {
        return new DERSequence(oids.stream().map(ASN1ObjectIdentifier::new).toArray(ASN1Encodable[]::new));
    }

    private static byte[] encode(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
