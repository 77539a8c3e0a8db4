package dev.systemtrust.linux;

import dev.systemtrust.spi.DerElements;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A distinguished name in the canonical form OpenSSL compares names by ({@code X509_NAME_cmp}) and hashes for its
 * directory lookup ({@code <hash>.N}): every UTF8String, BMPString, UniversalString, PrintableString, T61String,
 * IA5String value is converted to a UTF8String, its leading and trailing whitespace removed, each
 * inner run of whitespace made one space, and ASCII letters lower-cased (other characters are left as they are);
 * other values are kept as they are. The result is the DER of each RDN's SET (members in DER order), concatenated
 * without the outer SEQUENCE; an empty name is empty. Two names are the same to OpenSSL exactly when these bytes
 * are. {@link javax.security.auth.x500.X500Principal#equals} differs: it folds case beyond ASCII and treats a
 * BMPString differently from the same text in UTF-8.
 *
 * <p>A value OpenSSL cannot convert (invalid UTF-8, an odd-length BMPString, a surrogate or a code point beyond
 * U+10FFFF), or of a type it does not accept in a name at all ({@link TbsFields#acceptedValueTag}), makes OpenSSL
 * refuse the certificate altogether; such a name has no canonical form here ({@code null}).
 */
final class CanonicalName {
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;
    private static final int BIT_STRING = 0x03;
    private static final int UTF8_STRING = 0x0c;
    private static final int PRINTABLE_STRING = 0x13;
    private static final int T61_STRING = 0x14;
    private static final int IA5_STRING = 0x16;
    private static final int UNIVERSAL_STRING = 0x1c;
    private static final int BMP_STRING = 0x1e;
    private static final int CONSTRUCTED = 0x20;

    private CanonicalName() {
    }

    /** Whether OpenSSL takes the two DER names for the same name. */
    static boolean same(byte[] name, byte[] other) {
        if (Arrays.equals(name, other)) {
            return true;
        }
        byte[] canonical = of(name);
        return canonical != null && Arrays.equals(canonical, of(other));
    }

    /**
     * The name OpenSSL's directory lookup looks this DER Name up under ({@code X509_NAME_hash}: the first four bytes
     * of the canonical form's SHA-1, little-endian, as eight hex digits), or {@code null} when it has no canonical
     * form.
     */
    static String hash(byte[] name) {
        byte[] canonical = of(name);
        if (canonical == null) {
            return null;
        }
        byte[] sha1;
        try {
            sha1 = java.security.MessageDigest.getInstance("SHA-1").digest(canonical);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
        char[] hex = new char[8];
        for (int i = 0; i < 4; i++) {
            int b = sha1[3 - i] & 0xff;
            hex[2 * i] = Character.forDigit(b >>> 4, 16);
            hex[2 * i + 1] = Character.forDigit(b & 0xf, 16);
        }
        return new String(hex);
    }

    /** Why the DER Name has no canonical form ("invalid UTF-8", ...), or {@code null} when it has one. */
    static String problem(byte[] name) {
        try {
            canonicalize(name);
            return null;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return e instanceof IllegalArgumentException ? e.getMessage() : "malformed";
        }
    }

    /** The canonical form of a DER Name, or {@code null} when it is malformed or has a value OpenSSL refuses. */
    static byte[] of(byte[] name) {
        try {
            return canonicalize(name);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static byte[] canonicalize(byte[] name) {
        if (name.length == 0 || (name[0] & 0xff) != SEQUENCE || DerElements.elementLength(name, 0) != name.length) {
            throw new IllegalArgumentException("not a Name");
        }
        ByteArrayOutputStream canonical = new ByteArrayOutputStream(name.length);
        for (int rdn = DerElements.contentOffset(name, 0); rdn < name.length; rdn = end(name, rdn, name.length)) {
            if ((name[rdn] & 0xff) != SET) {
                throw new IllegalArgumentException("RDN is not a SET");
            }
            int rdnEnd = end(name, rdn, name.length);
            List<byte[]> attributes = new ArrayList<>();
            for (int ava = DerElements.contentOffset(name, rdn); ava < rdnEnd; ava = end(name, ava, rdnEnd)) {
                attributes.add(attribute(name, ava, end(name, ava, rdnEnd)));
            }
            if (attributes.isEmpty()) {
                continue; // an empty RDN has no entries, so OpenSSL's form has no SET for it
            }
            attributes.sort(new DerOrder());
            ByteArrayOutputStream members = new ByteArrayOutputStream();
            for (byte[] attribute : attributes) {
                members.writeBytes(attribute);
            }
            writeElement(canonical, SET, members.toByteArray());
        }
        return canonical.toByteArray();
    }

    /** SEQUENCE { type, canonical value } of the AttributeTypeAndValue at {@code ava}. */
    private static byte[] attribute(byte[] name, int ava, int avaEnd) {
        if ((name[ava] & 0xff) != SEQUENCE) {
            throw new IllegalArgumentException("attribute is not a SEQUENCE");
        }
        int type = DerElements.contentOffset(name, ava);
        int value = end(name, type, avaEnd);
        if (end(name, value, avaEnd) != avaEnd) {
            throw new IllegalArgumentException("attribute is not a type and one value");
        }
        ByteArrayOutputStream attribute = new ByteArrayOutputStream();
        attribute.write(name, type, value - type);
        int tag = name[value] & 0xff;
        if (!TbsFields.acceptedValueTag(tag)) {
            throw new IllegalArgumentException(String.format("a value of a type OpenSSL does not accept in a name "
                    + "(tag 0x%02x)", tag));
        }
        int content = DerElements.contentOffset(name, value);
        byte[] text = Arrays.copyOfRange(name, content, avaEnd);
        if (tag == BIT_STRING && (text.length == 0 || (text[0] & 0xff) > 7)) {
            throw new IllegalArgumentException("a BIT STRING without a valid count of unused bits");
        }
        String decoded = decode(tag, text);
        if (decoded != null) {
            writeElement(attribute, UTF8_STRING, fold(decoded.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } else if ((tag & CONSTRUCTED) != 0) {
            attribute.write(name, value, avaEnd - value);
        } else {
            writeElement(attribute, tag, text);
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        writeElement(sequence, SEQUENCE, attribute.toByteArray());
        return sequence.toByteArray();
    }

    /** The text of a string type OpenSSL converts, or {@code null} for a type it keeps as it is. */
    private static String decode(int tag, byte[] text) {
        switch (tag) {
            case UTF8_STRING:
                return utf8(text);
            case PRINTABLE_STRING:
            case T61_STRING:
            case IA5_STRING:
                return new String(text, java.nio.charset.StandardCharsets.ISO_8859_1); // a byte per character
            case BMP_STRING:
                return fixedWidth(text, 2);
            case UNIVERSAL_STRING:
                return fixedWidth(text, 4);
            default:
                return null;
        }
    }

    /** Strict UTF-8, as OpenSSL checks it: no overlong forms, surrogates or code points beyond U+10FFFF. */
    private static String utf8(byte[] text) {
        StringBuilder decoded = new StringBuilder(text.length);
        for (int i = 0; i < text.length; ) {
            int first = text[i] & 0xff;
            int length = first < 0x80 ? 1 : first >= 0xc0 && first < 0xe0 ? 2 : first >= 0xe0 && first < 0xf0 ? 3
                    : first >= 0xf0 && first < 0xf8 ? 4 : 0;
            if (length == 0 || i + length > text.length) {
                throw new IllegalArgumentException("invalid UTF-8");
            }
            int codePoint = length == 1 ? first : first & (0xff >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = text[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    throw new IllegalArgumentException("invalid UTF-8");
                }
                codePoint = (codePoint << 6) | (next & 0x3f);
            }
            int smallest = length == 1 ? 0 : length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
            if (codePoint < smallest) {
                throw new IllegalArgumentException("overlong UTF-8");
            }
            decoded.appendCodePoint(valid(codePoint));
            i += length;
        }
        return decoded.toString();
    }

    /** BMPString (2 bytes a character) or UniversalString (4), big-endian; each unit must be a valid code point. */
    private static String fixedWidth(byte[] text, int width) {
        if (text.length % width != 0) {
            throw new IllegalArgumentException("length not a multiple of " + width);
        }
        StringBuilder decoded = new StringBuilder(text.length / width);
        for (int i = 0; i < text.length; i += width) {
            long codePoint = 0;
            for (int k = 0; k < width; k++) {
                codePoint = (codePoint << 8) | (text[i + k] & 0xff);
            }
            decoded.appendCodePoint(valid(codePoint));
        }
        return decoded.toString();
    }

    private static int valid(long codePoint) {
        if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
            throw new IllegalArgumentException("not a Unicode scalar value");
        }
        return (int) codePoint;
    }

    /**
     * Whitespace trimmed and collapsed, ASCII lower-cased, on the UTF-8 bytes: bytes of non-ASCII characters are
     * copied as they are, and whitespace means ASCII HT, LF, VT, FF, CR and space.
     */
    private static byte[] fold(byte[] utf8) {
        int start = 0;
        int end = utf8.length;
        while (start < end && isSpace(utf8[start])) {
            start++;
        }
        while (end > start && isSpace(utf8[end - 1])) {
            end--;
        }
        ByteArrayOutputStream folded = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = utf8[i];
            if (isSpace(b)) {
                folded.write(' ');
                while (isSpace(utf8[i + 1])) {
                    i++; // the last byte is not a space, so this stays within the text
                }
            } else {
                folded.write(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
            }
        }
        return folded.toByteArray();
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0d);
    }

    /**
     * DER's order for the members of a SET OF: by their encodings, byte by byte, a prefix first. A class, not a
     * method reference: no lambda bootstrap on the load path.
     */
    private static final class DerOrder implements java.util.Comparator<byte[]> {
        @Override
        public int compare(byte[] a, byte[] b) {
            return Arrays.compareUnsigned(a, b);
        }
    }

    private static int end(byte[] der, int at, int limit) {
        int end = DerElements.end(der, at, limit);
        if (end < 0) {
            throw new IllegalArgumentException("element overruns its container");
        }
        return end;
    }

    private static void writeElement(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
            out.write(0x80 | bytes);
            for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(content);
    }
}
