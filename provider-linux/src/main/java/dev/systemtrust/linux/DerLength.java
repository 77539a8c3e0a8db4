package dev.systemtrust.linux;

/** Reads DER element headers, so blocks can be split and small extensions read without an ASN.1 library. */
final class DerLength {
    private DerLength() {
    }

    /**
     * Total length (header plus content) of the DER element starting at {@code offset}, or {@code -1} when the
     * header is malformed, uses the indefinite form, or the element runs past the end of {@code data}.
     */
    static int elementLength(byte[] data, int offset) {
        int header = headerLength(data, offset);
        return header < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, header + contentLength(data, offset, header));
    }

    /** Offset of the content of the element at {@code offset}; call only after {@link #elementLength} succeeded. */
    static int contentOffset(byte[] data, int offset) {
        return offset + headerLength(data, offset);
    }

    private static int headerLength(byte[] data, int offset) {
        if (offset < 0 || offset + 2 > data.length || (data[offset] & 0x1f) == 0x1f) {
            return -1; // high tag numbers never occur in certificates or OpenSSL trust attributes
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
