package dev.systemtrust.spi;

/**
 * The one reader of DER element headers in SystemTrust: where an element ends and its content starts, so that
 * certificates, names and small extensions can be walked without an ASN.1 library (which a backend's cold load
 * cannot afford) and without trusting a length that runs past the bytes given. Backends use it too, hence public;
 * it decides nothing about trust.
 */
public final class DerElements {
    private static final int OCTET_STRING = 0x04;

    private DerElements() {
    }

    /**
     * The total length (header plus content) of the DER element starting at {@code offset}, or {@code -1} when the
     * header is malformed, uses the indefinite form or a high tag number (neither occurs in certificates or OpenSSL
     * trust attributes), or the element runs past the end of {@code data}.
     *
     * @param data   the bytes
     * @param offset where the element starts
     * @return the element's length, or {@code -1}
     */
    public static int elementLength(byte[] data, int offset) {
        int header = headerLength(data, offset);
        return header < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, header + contentLength(data, offset, header));
    }

    /**
     * Where the element starting at {@code offset} ends, when it lies wholly within {@code [offset, limit)}: its
     * container ends at {@code limit}. {@code -1} when {@code offset} is outside that range, the header is malformed
     * (as for {@link #elementLength}), or the element runs past {@code limit}.
     *
     * @param data   the bytes
     * @param offset where the element starts
     * @param limit  where its container ends
     * @return where the element ends, or {@code -1}
     */
    public static int end(byte[] data, int offset, int limit) {
        if (offset < 0 || offset >= limit) {
            return -1;
        }
        int length = elementLength(data, offset);
        return length < 0 || length > limit - offset ? -1 : offset + length;
    }

    /**
     * The offset of the content of the element at {@code offset}, or {@code -1} when its header does not parse (as
     * for {@link #elementLength}).
     *
     * @param data   the bytes
     * @param offset where the element starts
     * @return where its content starts, or {@code -1}
     */
    public static int contentOffset(byte[] data, int offset) {
        int header = headerLength(data, offset);
        return header < 0 ? -1 : offset + header;
    }

    /**
     * The content of {@code der} when it is exactly one OCTET STRING (as {@link
     * java.security.cert.X509Extension#getExtensionValue} returns an extension's value), else {@code null}.
     *
     * @param der the bytes
     * @return a copy of the content, or {@code null}
     */
    public static byte[] octetStringContent(byte[] der) {
        if (der == null || der.length < 2 || der[0] != OCTET_STRING || elementLength(der, 0) != der.length) {
            return null;
        }
        return java.util.Arrays.copyOfRange(der, contentOffset(der, 0), der.length);
    }

    private static int headerLength(byte[] data, int offset) {
        if (offset < 0 || offset + 2 > data.length || (data[offset] & 0x1f) == 0x1f) {
            return -1;
        }
        int first = data[offset + 1] & 0xff;
        if (first < 0x80) {
            return fits(data, offset, 2, first) ? 2 : -1;
        }
        int lengthBytes = first & 0x7f;
        if (lengthBytes == 0 || lengthBytes > 4 || offset + 2 + lengthBytes > data.length) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = (length << 8) | (data[offset + 2 + i] & 0xff);
        }
        return fits(data, offset, 2 + lengthBytes, length) ? 2 + lengthBytes : -1;
    }

    private static long contentLength(byte[] data, int offset, int header) {
        if (header == 2) {
            return data[offset + 1] & 0xff;
        }
        long length = 0;
        for (int i = 2; i < header; i++) {
            length = (length << 8) | (data[offset + i] & 0xff);
        }
        return length;
    }

    private static boolean fits(byte[] data, int offset, int header, long contentLength) {
        return header + contentLength <= (long) data.length - offset;
    }
}
