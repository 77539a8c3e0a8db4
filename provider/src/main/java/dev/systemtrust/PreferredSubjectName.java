package dev.systemtrust;

import dev.systemtrust.spi.DerElements;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Picks the most specific CN, else OU, else O, straight from a subject's DER encoding. Formatting the subject as
 * RFC 2253 text and parsing that back costs more than the rest of alias assignment on a cold start, and a DER
 * walk has no escaping to undo. The choice matches RFC 2253 reading order (last RDN first; within a
 * multi-valued RDN, encoding order).
 */
final class PreferredSubjectName {
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int OID = 0x06;
    private static final int VERSION = 0xa0;
    /** Attribute type OIDs 2.5.4.x share these content bytes; the last byte tells them apart. */
    private static final int X520_PREFIX_FIRST = 0x55;
    private static final int X520_PREFIX_SECOND = 0x04;
    private static final int[] PREFERRED_TYPES = {0x03, 0x0b, 0x0a}; // commonName, organizationalUnitName, organizationName

    private PreferredSubjectName() {
    }

    /**
     * The preferred name in the subject of a DER TBSCertificate (from {@code getTBSCertificate()}, which returns the
     * parsed bytes, where {@code getSubjectX500Principal().getEncoded()} re-encodes the name), or {@code null}.
     */
    static String ofTbsCertificate(byte[] tbs) {
        try {
            Der sequence = Der.at(tbs, 0, tbs.length);
            if (sequence.tag != SEQUENCE) {
                return null;
            }
            Der field = Der.at(tbs, sequence.contentStart, sequence.end);
            if (field.tag == VERSION) {
                field = Der.at(tbs, field.end, sequence.end);
            }
            // serial number, signature algorithm, issuer, validity, then the subject
            for (int skipped = 0; skipped < 4; skipped++) {
                field = Der.at(tbs, field.end, sequence.end);
            }
            return of(java.util.Arrays.copyOfRange(tbs, field.start, field.end));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The preferred name, or {@code null} when the subject has none of them or its encoding cannot be walked. */
    static String of(byte[] name) {
        String[] found = new String[PREFERRED_TYPES.length];
        try {
            Der outer = Der.at(name, 0, name.length);
            if (outer.tag != SEQUENCE || outer.end != name.length) {
                return null;
            }
            for (int rdnAt = outer.contentStart; rdnAt < outer.end; ) {
                Der rdn = Der.at(name, rdnAt, outer.end);
                if (rdn.tag != SET) {
                    return null;
                }
                String[] inThisRdn = new String[PREFERRED_TYPES.length];
                for (int avaAt = rdn.contentStart; avaAt < rdn.end; ) {
                    Der ava = Der.at(name, avaAt, rdn.end);
                    readAttribute(name, ava, inThisRdn);
                    avaAt = ava.end;
                }
                for (int slot = 0; slot < found.length; slot++) {
                    if (inThisRdn[slot] != null) {
                        found[slot] = inThisRdn[slot]; // later RDNs are more specific
                    }
                }
                rdnAt = rdn.end;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (String value : found) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static void readAttribute(byte[] name, Der ava, String[] inThisRdn) {
        if (ava.tag != SEQUENCE) {
            throw new IllegalArgumentException("attribute is not a SEQUENCE");
        }
        Der type = Der.at(name, ava.contentStart, ava.end);
        Der value = Der.at(name, type.end, ava.end);
        if (type.tag != OID || type.end - type.contentStart != 3 || name[type.contentStart] != X520_PREFIX_FIRST
                || name[type.contentStart + 1] != X520_PREFIX_SECOND) {
            return;
        }
        int attribute = name[type.contentStart + 2];
        for (int slot = 0; slot < PREFERRED_TYPES.length; slot++) {
            if (attribute == PREFERRED_TYPES[slot] && inThisRdn[slot] == null) {
                Charset charset = stringCharset(value.tag);
                if (charset != null) {
                    inThisRdn[slot] = new String(name, value.contentStart, value.end - value.contentStart, charset);
                }
            }
        }
    }

    /** The charset of an ASN.1 string type, as the JDK decodes it; {@code null} for a non-string value. */
    private static Charset stringCharset(int tag) {
        switch (tag) {
            case 0x0c: // UTF8String
                return StandardCharsets.UTF_8;
            case 0x12: // NumericString
            case 0x13: // PrintableString
            case 0x16: // IA5String
            case 0x1a: // VisibleString
            case 0x1b: // GeneralString
                return StandardCharsets.US_ASCII;
            case 0x14: // T61String (TeletexString): the JDK reads it as Latin-1
                return StandardCharsets.ISO_8859_1;
            case 0x1e: // BMPString
                return StandardCharsets.UTF_16BE;
            case 0x1c: // UniversalString
                return Charset.forName("UTF-32BE");
            default:
                return null;
        }
    }

    /** One DER element's tag and bounds, checked against the enclosing element's end. */
    private static final class Der {
        final int tag;
        final int start;
        final int contentStart;
        final int end;

        private Der(int tag, int start, int contentStart, int end) {
            this.tag = tag;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
        }

        static Der at(byte[] data, int offset, int limit) {
            int end = DerElements.end(data, offset, limit);
            if (end < 0) {
                throw new IllegalArgumentException("malformed element, or one that overruns its container");
            }
            return new Der(data[offset] & 0xff, offset, DerElements.contentOffset(data, offset), end);
        }
    }
}
