package dev.systemtrust.windows;

import dev.systemtrust.spi.DerElements;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the value of Windows' EKU-list properties ({@code CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID},
 * {@code CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID}): a DER {@code SEQUENCE OF OBJECT IDENTIFIER}, the encoding of an
 * extended key usage extension's value. Strict: anything else is an {@link IllegalArgumentException}.
 */
final class EkuEncoding {
    private static final int SEQUENCE = 0x30;
    private static final int OBJECT_IDENTIFIER = 0x06;

    private final byte[] der;
    private int position;

    private EkuEncoding(byte[] der) {
        this.der = der;
    }

    static List<String> decode(byte[] der) {
        EkuEncoding reader = new EkuEncoding(der);
        int end = reader.expect(SEQUENCE);
        if (end != der.length) {
            throw new IllegalArgumentException("trailing bytes after the usage list");
        }
        List<String> oids = new ArrayList<>();
        while (reader.position < end) {
            int oidEnd = reader.expect(OBJECT_IDENTIFIER);
            oids.add(reader.oid(oidEnd));
        }
        return oids;
    }

    /** Reads a tag and a definite length; returns where the content ends. */
    private int expect(int tag) {
        if (position >= der.length || (der[position] & 0xFF) != tag) {
            throw new IllegalArgumentException("expected tag 0x" + Integer.toHexString(tag) + " at " + position);
        }
        int length = DerElements.elementLength(der, position);
        if (length < 0) {
            throw new IllegalArgumentException("malformed length, or one that runs past the end, at " + position);
        }
        int end = position + length;
        position = DerElements.contentOffset(der, position);
        return end;
    }

    private String oid(int end) {
        if (position == end) {
            throw new IllegalArgumentException("empty object identifier at " + position);
        }
        StringBuilder text = new StringBuilder();
        boolean first = true;
        while (position < end) {
            long value = 0;
            int b;
            do {
                if (position >= end || value > (Long.MAX_VALUE >> 7)) {
                    throw new IllegalArgumentException("malformed object identifier arc at " + position);
                }
                b = der[position++] & 0xFF;
                value = (value << 7) | (b & 0x7F);
            } while ((b & 0x80) != 0);
            if (first) {
                long arc = Math.min(value / 40, 2);
                text.append(arc).append('.').append(value - 40 * arc);
                first = false;
            } else {
                text.append('.').append(value);
            }
        }
        return text.toString();
    }
}
