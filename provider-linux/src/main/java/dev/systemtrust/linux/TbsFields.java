package dev.systemtrust.linux;

import dev.systemtrust.spi.DerElements;
import java.util.Arrays;

/**
 * The few TBSCertificate fields the self-signed check needs, located in the certificate's DER by walking element
 * headers with {@link DerElements}. The JDK's accessors for the same fields re-encode names and look extensions up by
 * formatted OID strings, which costs more than the check itself on a cold start.
 */
final class TbsFields {
    private static final int SEQUENCE = 0x30;
    private static final int BIT_STRING = 0x03;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int OID = 0x06;
    private static final int UTF8_STRING = 0x0c;
    private static final int UNIVERSAL_STRING = 0x1c;
    private static final int BMP_STRING = 0x1e;
    private static final int VERSION_TAG = 0xa0;
    private static final int EXTENSIONS_TAG = 0xa3;
    private static final byte[] AUTHORITY_KEY_IDENTIFIER = {0x55, 0x1d, 0x23};
    private static final byte[] SUBJECT_KEY_IDENTIFIER = {0x55, 0x1d, 0x0e};

    final byte[] serial;
    final byte[] issuer;
    final byte[] subject;
    /** The AuthorityKeyIdentifier SEQUENCE, or {@code null} when absent. */
    final byte[] authorityKeyIdentifier;
    /** The subject key identifier's octets, or {@code null} when absent. */
    final byte[] subjectKeyIdentifier;
    /** Content octets of the signature algorithm's OID and of the subject public key's algorithm OID. */
    final byte[] signatureAlgorithm;
    final byte[] publicKeyAlgorithm;

    private TbsFields(byte[] serial, byte[] issuer, byte[] subject, byte[] authorityKeyIdentifier,
            byte[] subjectKeyIdentifier, byte[] signatureAlgorithm, byte[] publicKeyAlgorithm) {
        this.serial = serial;
        this.issuer = issuer;
        this.subject = subject;
        this.authorityKeyIdentifier = authorityKeyIdentifier;
        this.subjectKeyIdentifier = subjectKeyIdentifier;
        this.signatureAlgorithm = signatureAlgorithm;
        this.publicKeyAlgorithm = publicKeyAlgorithm;
    }

    /** The fields of a DER certificate, or {@code null} when its structure cannot be walked. */
    static TbsFields of(byte[] certificate) {
        try {
            return walk(certificate);
        } catch (RuntimeException e) {
            return null; // a header that points past its container: not a structure to rely on
        }
    }

    private static TbsFields walk(byte[] certificate) {
        int tbs = content(certificate, 0, SEQUENCE) < 0 ? -1
                : content(certificate, DerElements.contentOffset(certificate, 0), SEQUENCE);
        if (tbs < 0) {
            return null;
        }
        int end = tbs + length(certificate, tbs);
        int field = DerElements.contentOffset(certificate, tbs);
        if (field < end && (certificate[field] & 0xff) == VERSION_TAG) {
            field = next(certificate, field, end);
        }
        if (field < 0 || field >= end || certificate[field] != INTEGER) {
            return null;
        }
        byte[] serial = contentBytes(certificate, field);
        int signature = next(certificate, field, end);
        int issuerAt = next(certificate, signature, end);
        int validity = next(certificate, issuerAt, end);
        int subjectAt = next(certificate, validity, end);
        int publicKey = next(certificate, subjectAt, end);
        if (publicKey < 0 || publicKey >= end || certificate[issuerAt] != SEQUENCE || certificate[subjectAt] != SEQUENCE) {
            return null;
        }
        byte[] issuer = element(certificate, issuerAt);
        byte[] subject = element(certificate, subjectAt);
        byte[] signatureAlgorithm = algorithmOid(certificate, signature);
        int keyAlgorithm = certificate[publicKey] == SEQUENCE ? DerElements.contentOffset(certificate, publicKey) : -1;
        byte[] publicKeyAlgorithm = algorithmOid(certificate, keyAlgorithm);
        if (signatureAlgorithm == null || publicKeyAlgorithm == null) {
            return null;
        }
        // After the key: issuerUniqueID [1], subjectUniqueID [2], extensions [3], each optional, at most once and
        // in this order, and nothing else. Anything looser would let a second [3] (which the JDK ignores and
        // OpenSSL rejects) supply the key identifiers.
        byte[][] identifiers = new byte[2][];
        int at = next(certificate, publicKey, end);
        int lastField = 0;
        while (at >= 0 && at < end) {
            int optional = optionalFieldNumber(certificate[at] & 0xff);
            if (optional <= lastField) {
                return null;
            }
            if (optional == 3 && !readKeyIdentifiers(certificate, at, identifiers)) {
                return null;
            }
            lastField = optional;
            at = next(certificate, at, end);
        }
        if (at != end) {
            return null;
        }
        return new TbsFields(serial, issuer, subject, identifiers[0], identifiers[1], signatureAlgorithm,
                publicKeyAlgorithm);
    }

    /**
     * Whether a DER Name has a value OpenSSL may fail to decode ({@link CanonicalName}), and so refuse its
     * certificate: a UTF8String with a byte outside ASCII, a BMPString, a UniversalString or a BIT STRING; a value of
     * a type OpenSSL does not accept in a name; or a structure that does not walk. Every other accepted type converts
     * a byte per character, so a name without these needs no further look, which keeps {@link CanonicalName} off a
     * clean cold load.
     */
    static boolean mayLackCanonicalForm(byte[] name) {
        int end = length(name, 0);
        if (end != name.length || name[0] != SEQUENCE) {
            return true;
        }
        for (int rdn = DerElements.contentOffset(name, 0); rdn < end; ) {
            int rdnEnd = next(name, rdn, end);
            if (rdnEnd < 0) {
                return true;
            }
            for (int ava = DerElements.contentOffset(name, rdn); ava < rdnEnd; ) {
                int avaEnd = next(name, ava, rdnEnd);
                int type = avaEnd < 0 ? -1 : DerElements.contentOffset(name, ava);
                int value = next(name, type, avaEnd);
                if (value < 0 || value >= avaEnd || !plainText(name, value)) {
                    return true;
                }
                ava = avaEnd;
            }
            rdn = rdnEnd;
        }
        return false;
    }

    /**
     * Whether OpenSSL decodes a name value with this DER tag ({@code X509_NAME_ENTRY}'s value is an {@code
     * ASN1_PRINTABLE}, whose mask {@code B_ASN1_PRINTABLE} takes only these universal tags): NumericString,
     * PrintableString, T61String, IA5String, BIT STRING, UniversalString, BMPString, UTF8String, SEQUENCE, and the
     * tags it files as unknown (7, 8, 9, 11, 13, 14, 15, 29). Any other tag (a VisibleString, a time, a tag of another
     * class) makes {@code d2i_X509} fail, whatever the JDK makes of it.
     */
    static boolean acceptedValueTag(int tag) {
        if ((tag & 0xc0) != 0) {
            return false; // not universal
        }
        switch (tag & 0x1f) {
            case 16:
                return tag == SEQUENCE; // OpenSSL refuses a primitive SEQUENCE
            case 3, 7, 8, 9, 11, 12, 13, 14, 15, 18, 19, 20, 22, 28, 29, 30:
                return true;
            default:
                return false;
        }
    }

    /** Whether the value at {@code at} is of a type OpenSSL converts without fail (see above). */
    private static boolean plainText(byte[] der, int at) {
        int tag = der[at] & 0xff;
        if (tag == BMP_STRING || tag == UNIVERSAL_STRING || tag == BIT_STRING || !acceptedValueTag(tag)) {
            return false;
        }
        if (tag == UTF8_STRING) {
            for (int i = DerElements.contentOffset(der, at), end = at + length(der, at); i < end; i++) {
                if (der[i] < 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The OID content octets of the AlgorithmIdentifier at {@code at}, or {@code null} when it is not one. */
    private static byte[] algorithmOid(byte[] der, int at) {
        if (content(der, at, SEQUENCE) < 0) {
            return null;
        }
        int oid = DerElements.contentOffset(der, at);
        if (oid >= at + length(der, at) || der[oid] != OID || next(der, oid, at + length(der, at)) < 0) {
            return null;
        }
        return contentBytes(der, oid);
    }

    /** 1, 2 or 3 for the [1] and [2] unique identifiers (primitive or constructed) and [3] extensions; else 0. */
    private static int optionalFieldNumber(int tag) {
        switch (tag) {
            case 0x81:
            case 0xa1:
                return 1;
            case 0x82:
            case 0xa2:
                return 2;
            case EXTENSIONS_TAG:
                return 3;
            default:
                return 0;
        }
    }

    /** Fills {authority key identifier, subject key identifier} from the [3] extensions element. */
    private static boolean readKeyIdentifiers(byte[] der, int extensionsTag, byte[][] identifiers) {
        int list = DerElements.contentOffset(der, extensionsTag);
        if (content(der, list, SEQUENCE) < 0) {
            return false;
        }
        int end = list + length(der, list);
        for (int extension = DerElements.contentOffset(der, list); extension < end; ) {
            if (der[extension] != SEQUENCE || length(der, extension) < 0) {
                return false;
            }
            int extensionEnd = extension + length(der, extension);
            int oid = DerElements.contentOffset(der, extension);
            if (oid >= extensionEnd || der[oid] != OID) {
                return false;
            }
            int value = next(der, oid, extensionEnd);
            while (value >= 0 && value < extensionEnd && der[value] != OCTET_STRING) {
                value = next(der, value, extensionEnd); // the optional critical flag
            }
            if (value < 0 || value >= extensionEnd) {
                return false;
            }
            byte[] type = contentBytes(der, oid);
            if (Arrays.equals(type, AUTHORITY_KEY_IDENTIFIER)) {
                identifiers[0] = contentBytes(der, value);
            } else if (Arrays.equals(type, SUBJECT_KEY_IDENTIFIER)) {
                identifiers[1] = DerElements.octetStringContent(contentBytes(der, value));
                if (identifiers[1] == null) {
                    return false;
                }
            }
            extension = extensionEnd;
        }
        return true;
    }

    /** Offset of the element at {@code at} when it has the tag and a valid length, else -1. */
    private static int content(byte[] der, int at, int tag) {
        return at >= 0 && at < der.length && (der[at] & 0xff) == tag && length(der, at) > 0 ? at : -1;
    }

    private static int length(byte[] der, int at) {
        return DerElements.elementLength(der, at);
    }

    /** The element after the one at {@code at}, within {@code end}; -1 when malformed. */
    private static int next(byte[] der, int at, int end) {
        return DerElements.end(der, at, end);
    }

    private static byte[] element(byte[] der, int at) {
        return Arrays.copyOfRange(der, at, at + length(der, at));
    }

    private static byte[] contentBytes(byte[] der, int at) {
        return Arrays.copyOfRange(der, DerElements.contentOffset(der, at), at + length(der, at));
    }
}
