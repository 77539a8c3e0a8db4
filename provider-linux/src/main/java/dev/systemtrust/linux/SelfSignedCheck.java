package dev.systemtrust.linux;

import dev.systemtrust.spi.DerElements;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * OpenSSL's notion of "self-signed" ({@code EXFLAG_SS} in OpenSSL 3): subject equals issuer, the authority
 * key identifier (when present) names this certificate itself, and the signature algorithm fits the
 * certificate's own key type. Like OpenSSL it does not verify the signature: anchors are trusted by
 * configuration, not by their self-signature. The names and the two small extensions are read from the DER with
 * {@link TbsFields} rather than an ASN.1 library or the JDK's accessors, which cost more than the whole check on a
 * cold JVM.
 */
final class SelfSignedCheck {
    private static final int KEY_IDENTIFIER_TAG = 0x80;
    private static final int ISSUER_TAG = 0xa1;
    private static final int SERIAL_TAG = 0x82;
    private static final int DIRECTORY_NAME_TAG = 0xa4;

    private SelfSignedCheck() {
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        TbsFields fields;
        try {
            fields = TbsFields.of(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            return false;
        }
        // The JDK parsed it but its structure is unusual: not an anchor by default.
        return fields != null && isSelfSigned(certificate, fields);
    }

    /** With the certificate's fields already located. */
    static boolean isSelfSigned(X509Certificate certificate, TbsFields fields) {
        try {
            // Compared as OpenSSL compares names; byte equality, the common case, spares loading CanonicalName.
            if (!Arrays.equals(fields.subject, fields.issuer) && !CanonicalName.same(fields.subject, fields.issuer)) {
                return false;
            }
            return authorityKeyIdentifierNamesItself(fields) && signatureFitsOwnKey(fields);
        } catch (RuntimeException e) {
            return false; // an undecodable identifier cannot show that the certificate signed itself
        }
    }

    private static boolean authorityKeyIdentifierNamesItself(TbsFields fields) {
        byte[] akid = fields.authorityKeyIdentifier;
        if (akid == null) {
            return true;
        }
        if (akid.length == 0 || akid[0] != 0x30 || DerElements.elementLength(akid, 0) != akid.length) {
            return false;
        }
        byte[] skid = fields.subjectKeyIdentifier;
        for (int field = DerElements.contentOffset(akid, 0); field < akid.length; ) {
            int length = DerElements.elementLength(akid, field);
            if (length < 0) {
                return false;
            }
            int tag = akid[field] & 0xff;
            byte[] content = Arrays.copyOfRange(akid, DerElements.contentOffset(akid, field), field + length);
            if (tag == KEY_IDENTIFIER_TAG && skid != null && !Arrays.equals(content, skid)) {
                return false;
            }
            if (tag == SERIAL_TAG && !Arrays.equals(content, fields.serial)) {
                return false;
            }
            if (tag == ISSUER_TAG && !firstDirectoryNameMatches(content, fields.issuer)) {
                return false;
            }
            field += length;
        }
        return true;
    }

    /**
     * The first directoryName among the GeneralNames, if any, must name this certificate's issuer; OpenSSL
     * ({@code X509_check_akid}) looks at the first one only, and compares it as a name.
     */
    private static boolean firstDirectoryNameMatches(byte[] generalNames, byte[] issuer) {
        for (int name = 0; name < generalNames.length; ) {
            int length = DerElements.elementLength(generalNames, name);
            if (length < 0) {
                return false;
            }
            if ((generalNames[name] & 0xff) == DIRECTORY_NAME_TAG) {
                byte[] directoryName = Arrays.copyOfRange(generalNames, DerElements.contentOffset(generalNames, name),
                        name + length);
                return Arrays.equals(directoryName, issuer) || CanonicalName.same(directoryName, issuer);
            }
            name += length;
        }
        return true;
    }

    private static boolean signatureFitsOwnKey(TbsFields fields) {
        return KeyFamily.signs(KeyFamily.ofSignature(fields.signatureAlgorithm),
                KeyFamily.ofKey(fields.publicKeyAlgorithm));
    }
}
