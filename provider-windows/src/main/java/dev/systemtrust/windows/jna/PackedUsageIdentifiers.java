package dev.systemtrust.windows.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The identifier strings of a {@code CERT_ENHKEY_USAGE} that crypt32 packed into the caller's buffer (structure, then
 * the pointer array, then the strings), read from a copy of that buffer. Reading the copy rather than through the
 * pointers means no read can outlive the native buffer (the JVM may free it once it is no longer used) or land
 * outside it: a pointer that leaves the buffer, or a string not terminated within it, is a broken library.
 */
final class PackedUsageIdentifiers {
    private PackedUsageIdentifiers() {
    }

    /**
     * @param filled      the buffer's bytes, copied after the call
     * @param base        the buffer's native address
     * @param array       the native address of the pointer array ({@code rgpszUsageIdentifier})
     * @param count       how many identifiers ({@code cUsageIdentifier}), checked by the caller
     * @param pointerSize the process's pointer size
     */
    static List<String> read(byte[] filled, long base, long array, int count, int pointerSize) {
        List<String> identifiers = new ArrayList<>(count);
        if (count == 0) {
            return identifiers;
        }
        long arrayOffset = array - base;
        if (arrayOffset < 0 || arrayOffset > filled.length - (long) count * pointerSize) {
            throw new IllegalStateException("CertGetEnhancedKeyUsage put its " + count + " identifiers at 0x"
                    + Long.toHexString(array) + ", outside the " + filled.length + "-byte buffer it filled");
        }
        ByteBuffer pointers = ByteBuffer.wrap(filled).order(ByteOrder.nativeOrder());
        for (int i = 0; i < count; i++) {
            int slot = (int) arrayOffset + i * pointerSize;
            long address = pointerSize == 8 ? pointers.getLong(slot) : pointers.getInt(slot) & 0xffffffffL;
            long start = address - base;
            if (start < 0 || start >= filled.length) {
                throw new IllegalStateException("CertGetEnhancedKeyUsage put identifier " + i + " at 0x"
                        + Long.toHexString(address) + ", outside the " + filled.length + "-byte buffer it filled");
            }
            int end = (int) start;
            while (end < filled.length && filled[end] != 0) {
                end++;
            }
            if (end == filled.length) {
                throw new IllegalStateException("CertGetEnhancedKeyUsage left identifier " + i
                        + " unterminated in the buffer it filled");
            }
            identifiers.add(new String(filled, (int) start, end - (int) start, StandardCharsets.US_ASCII));
        }
        return identifiers;
    }
}
