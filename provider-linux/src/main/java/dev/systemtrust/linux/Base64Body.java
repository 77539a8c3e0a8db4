package dev.systemtrust.linux;

import java.util.Arrays;

/**
 * Decodes a PEM body line by line as it is scanned, with the rules of {@link java.util.Base64#getDecoder()} (padding
 * optional, but if present it must be complete and last; a lone final character is an error), while ignoring blanks
 * and recording the first line with any other character. Decoding while scanning, in a small per-line method,
 * matters on a cold start: the JDK decoder is called once per block and stays interpreted for the first hundred
 * blocks of a bundle, while this method is compiled within the first few certificates.
 */
final class Base64Body {
    private static final byte BLANK = -1;
    private static final byte INVALID = -2;
    private static final byte PADDING = -3;
    private static final byte[] VALUES = new byte[256];

    static {
        Arrays.fill(VALUES, INVALID);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        VALUES['='] = PADDING;
        VALUES[' '] = BLANK;
        VALUES['\t'] = BLANK;
        VALUES['\r'] = BLANK;
    }

    private byte[] out;
    private int length;
    private int bits;
    private int characters; // base64 characters in the current 4-character unit
    private int padding;
    private int firstBadLine;
    private String error;

    /** Starts a block; {@code capacity} bounds the decoded size (the file's length does). */
    void start(int capacity) {
        if (out == null || out.length < capacity) {
            out = new byte[capacity];
        }
        length = 0;
        bits = 0;
        characters = 0;
        padding = 0;
        firstBadLine = 0;
        error = null;
    }

    /**
     * Decodes the body line starting at {@code from}; returns where it ends (its line feed, or the end of
     * {@code data}). Finding the end here saves a second pass over every line of a bundle.
     */
    int line(byte[] data, int from, int lineNumber) {
        // Fields copied to locals: until the JIT compiles this method, every field access is a slow bytecode.
        byte[] decoded = out;
        int written = length;
        int unit = bits;
        int count = characters;
        boolean padded = padding != 0;
        int i = from;
        for (; i < data.length; i++) {
            byte b = data[i];
            if (b == '\n') {
                break;
            }
            byte value = VALUES[b & 0xff];
            if (value >= 0 && !padded) {
                unit = unit << 6 | value;
                if (++count == 4) {
                    decoded[written] = (byte) (unit >> 16);
                    decoded[written + 1] = (byte) (unit >> 8);
                    decoded[written + 2] = (byte) unit;
                    written += 3;
                    unit = 0;
                    count = 0;
                }
            } else if (value >= 0 || value == PADDING) {
                characters = count;
                pad(value == PADDING);
                padded = padding != 0;
            } else if (value == INVALID && firstBadLine == 0) {
                firstBadLine = lineNumber;
            }
        }
        length = written;
        bits = unit;
        characters = count;
        return i;
    }

    private void pad(boolean isPadding) {
        if (error != null) {
            return;
        }
        if (!isPadding || padding == 2 || (padding == 1 && characters != 2)) {
            error = "data after the padding";
        } else if (padding == 1) {
            padding = 2; // the second '=' of "xx=="
        } else if (characters < 2) {
            error = characters == 0 ? "padding starts a 4-character unit" : "last unit does not have enough valid bits";
        } else {
            padding = 1;
        }
    }

    /** Whether some line held a character that is neither base64 nor blank; 0 if none, else that line. */
    int firstBadLine() {
        return firstBadLine;
    }

    /** Whether the block had no base64 character at all. */
    boolean isEmpty() {
        return length == 0 && characters == 0 && padding == 0 && error == null;
    }

    /** Why the base64 is invalid, or {@code null} when it decodes. */
    String error() {
        if (error != null) {
            return error;
        }
        if (padding == 1 && characters == 2) {
            return "incomplete padding";
        }
        if (characters == 1) {
            return "last unit does not have enough valid bits";
        }
        return null;
    }

    /** The decoded bytes; call only when {@link #error()} is {@code null}. */
    byte[] decoded() {
        int total = length;
        if (characters == 2) {
            return appendTail(total, 1, bits << 12);
        }
        if (characters == 3) {
            return appendTail(total, 2, bits << 6);
        }
        return Arrays.copyOf(out, total);
    }

    private byte[] appendTail(int total, int extra, int unit) {
        byte[] decoded = Arrays.copyOf(out, total + extra);
        decoded[total] = (byte) (unit >> 16);
        if (extra == 2) {
            decoded[total + 1] = (byte) (unit >> 8);
        }
        return decoded;
    }
}
