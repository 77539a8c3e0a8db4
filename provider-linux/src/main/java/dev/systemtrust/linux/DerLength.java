package dev.systemtrust.linux;

/** Reads the size of a DER element from its header, so a block can be split without parsing it. */
final class DerLength {
    private DerLength() {
    }

    /**
     * Total length (header plus content) of the DER element starting at {@code offset}, or {@code -1} when the
     * header is malformed, uses the indefinite form, or the element runs past the end of {@code data}.
     */
    static int elementLength(byte[] data, int offset) {
        if (offset + 2 > data.length) {
            return -1;
        }
        if ((data[offset] & 0x1f) == 0x1f) {
            return -1; // high tag numbers never occur in certificates or OpenSSL trust attributes
        }
        int first = data[offset + 1] & 0xff;
        int headerLength = 2;
        long contentLength;
        if (first < 0x80) {
            contentLength = first;
        } else {
            int lengthBytes = first & 0x7f;
            if (lengthBytes == 0 || lengthBytes > 4 || offset + 2 + lengthBytes > data.length) {
                return -1;
            }
            contentLength = 0;
            for (int i = 0; i < lengthBytes; i++) {
                contentLength = (contentLength << 8) | (data[offset + 2 + i] & 0xff);
            }
            headerLength += lengthBytes;
        }
        long total = headerLength + contentLength;
        return total > data.length - offset ? -1 : (int) total;
    }
}
