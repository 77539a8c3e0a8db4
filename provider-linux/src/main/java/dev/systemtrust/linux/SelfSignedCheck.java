package dev.systemtrust.linux;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * OpenSSL's notion of "self-signed" ({@code EXFLAG_SS} in OpenSSL 3): subject equals issuer, the authority
 * key identifier (when present) names this certificate itself, and the signature algorithm fits the
 * certificate's own key type. Like OpenSSL it does not verify the signature: anchors are trusted by
 * configuration, not by their self-signature.
 */
final class SelfSignedCheck {
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

    private SelfSignedCheck() {
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        X500Principal subject = certificate.getSubjectX500Principal();
        if (!subject.equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            return authorityKeyIdentifierNamesItself(certificate) && signatureFitsOwnKey(certificate);
        } catch (IOException | RuntimeException e) {
            return false; // an undecodable identifier cannot prove the certificate signed itself
        }
    }

    private static boolean authorityKeyIdentifierNamesItself(X509Certificate certificate) throws IOException {
        byte[] akidExtension = certificate.getExtensionValue(AUTHORITY_KEY_IDENTIFIER);
        if (akidExtension == null) {
            return true;
        }
        AuthorityKeyIdentifier akid = AuthorityKeyIdentifier.getInstance(unwrap(akidExtension));
        byte[] keyId = akid.getKeyIdentifierObject() == null ? null : akid.getKeyIdentifierObject().getOctets();
        byte[] skidExtension = certificate.getExtensionValue(SUBJECT_KEY_IDENTIFIER);
        if (keyId != null && skidExtension != null) {
            byte[] skid = SubjectKeyIdentifier.getInstance(unwrap(skidExtension)).getKeyIdentifier();
            if (!Arrays.equals(keyId, skid)) {
                return false;
            }
        }
        BigInteger serial = akid.getAuthorityCertSerialNumber();
        if (serial != null && !serial.equals(certificate.getSerialNumber())) {
            return false;
        }
        if (akid.getAuthorityCertIssuer() != null) {
            X500Name issuer = X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
            for (GeneralName name : akid.getAuthorityCertIssuer().getNames()) {
                if (name.getTagNo() == GeneralName.directoryName && !X500Name.getInstance(name.getName()).equals(issuer)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static ASN1Primitive unwrap(byte[] extensionValue) throws IOException {
        return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extensionValue).getOctets());
    }

    private static boolean signatureFitsOwnKey(X509Certificate certificate) {
        String signature = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        String key = certificate.getPublicKey().getAlgorithm().toUpperCase(Locale.ROOT);
        if (signature.endsWith("WITHECDSA")) {
            return key.equals("EC");
        }
        if (signature.endsWith("WITHRSA") || signature.equals("RSASSA-PSS")) {
            return key.equals("RSA") || key.equals("RSASSA-PSS");
        }
        if (signature.endsWith("WITHDSA")) {
            return key.equals("DSA");
        }
        if (signature.equals("ED25519") || signature.equals("ED448") || signature.equals("EDDSA")) {
            return key.equals("ED25519") || key.equals("ED448") || key.equals("EDDSA");
        }
        return false;
    }
}
