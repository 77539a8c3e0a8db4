package dev.systemtrust.linux;

import dev.systemtrust.spi.DerElements;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.BERTags;

/**
 * The trust attributes OpenSSL appends to a certificate in a {@code TRUSTED CERTIFICATE} block:
 * <pre>
 * X509_CERT_AUX ::= SEQUENCE {
 *     trust  SEQUENCE OF OBJECT IDENTIFIER OPTIONAL,
 *     reject [0] IMPLICIT SEQUENCE OF OBJECT IDENTIFIER OPTIONAL,
 *     alias  UTF8String OPTIONAL,
 *     keyid  OCTET STRING OPTIONAL,
 *     other  [1] IMPLICIT SEQUENCE OF AlgorithmIdentifier OPTIONAL }
 * </pre>
 * Parsing is strict (order, tags, element types, no trailing bytes): a lenient parser could read a reject
 * list as absent and trust a certificate its owner distrusted.
 *
 * @param trust  purposes the certificate is trusted for, or {@code null} when the field is absent
 * @param reject purposes it is distrusted for, or {@code null} when absent
 * @param alias  OpenSSL's friendly name, or {@code null}
 */
record OpenSslTrustAttributes(List<String> trust, List<String> reject, String alias) {

    /** A plain {@code CERTIFICATE}: no attributes at all. */
    static final OpenSslTrustAttributes NONE = new OpenSslTrustAttributes(null, null, null);

    static OpenSslTrustAttributes parse(byte[] data, int offset) throws MalformedTrustAttributesException {
        if (offset == data.length) {
            return NONE; // OpenSSL writes no attributes at all when none are set
        }
        int length = DerElements.elementLength(data, offset);
        if (length < 0 || offset + length != data.length) {
            throw new MalformedTrustAttributesException("trust attributes are truncated or followed by extra bytes");
        }
        ASN1Sequence sequence;
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(java.util.Arrays.copyOfRange(data, offset, data.length));
            if (!(primitive instanceof ASN1Sequence)) {
                throw new MalformedTrustAttributesException("trust attributes are not a SEQUENCE");
            }
            sequence = (ASN1Sequence) primitive;
        } catch (IOException | RuntimeException e) {
            throw new MalformedTrustAttributesException("trust attributes are not valid DER: " + e.getMessage(), e);
        }
        try {
            return fromSequence(sequence);
        } catch (RuntimeException e) {
            // e.g. an alias that is not valid UTF-8
            throw new MalformedTrustAttributesException("trust attributes hold an invalid value: " + e.getMessage(), e);
        }
    }

    private static OpenSslTrustAttributes fromSequence(ASN1Sequence sequence) throws MalformedTrustAttributesException {
        List<String> trust = null;
        List<String> reject = null;
        String alias = null;
        int field = 0; // index of the next field allowed; enforces the order of the definition
        for (ASN1Encodable element : sequence) {
            if (element instanceof ASN1Sequence list && field <= 0) {
                trust = objectIdentifiers(list, "trust");
                field = 1;
            } else if (element instanceof ASN1TaggedObject tagged && isContextTag(tagged, 0) && field <= 1) {
                reject = objectIdentifiers(implicitSequence(tagged, "reject"), "reject");
                field = 2;
            } else if (element instanceof ASN1UTF8String text && field <= 2) {
                alias = text.getString();
                field = 3;
            } else if (element instanceof ASN1OctetString && field <= 3) {
                field = 4;
            } else if (element instanceof ASN1TaggedObject tagged && isContextTag(tagged, 1) && field <= 4) {
                for (ASN1Encodable algorithm : implicitSequence(tagged, "other")) {
                    if (!(algorithm instanceof ASN1Sequence)) {
                        throw new MalformedTrustAttributesException("\"other\" holds something that is not an AlgorithmIdentifier");
                    }
                }
                field = 5;
            } else {
                throw new MalformedTrustAttributesException("unexpected element in trust attributes: "
                        + element.getClass().getSimpleName() + " after field " + field);
            }
        }
        return new OpenSslTrustAttributes(trust, reject, alias);
    }

    private static boolean isContextTag(ASN1TaggedObject tagged, int number) {
        return tagged.getTagClass() == BERTags.CONTEXT_SPECIFIC && tagged.getTagNo() == number;
    }

    private static ASN1Sequence implicitSequence(ASN1TaggedObject tagged, String field)
            throws MalformedTrustAttributesException {
        try {
            return ASN1Sequence.getInstance(tagged, false);
        } catch (RuntimeException e) {
            throw new MalformedTrustAttributesException("\"" + field + "\" is not a SEQUENCE", e);
        }
    }

    private static List<String> objectIdentifiers(ASN1Sequence list, String field)
            throws MalformedTrustAttributesException {
        List<String> oids = new ArrayList<>(list.size());
        for (ASN1Encodable element : list) {
            if (!(element instanceof ASN1ObjectIdentifier oid)) {
                throw new MalformedTrustAttributesException("\"" + field + "\" holds something that is not an OID");
            }
            oids.add(oid.getId());
        }
        return List.copyOf(oids);
    }
}
