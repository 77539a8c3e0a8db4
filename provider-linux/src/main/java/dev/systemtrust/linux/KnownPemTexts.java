package dev.systemtrust.linux;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The PEM text of every block decoded from the bundle, so that a directory file repeating one byte for byte reuses
 * the decoded block instead of being parsed and base64-decoded again. Debian's update-ca-certificates builds the
 * bundle by concatenating the very files it links into {@code /etc/ssl/certs}, so on such systems every directory
 * file is a repeat. Lookups hash the whole file with the JDK's native CRC-32 and confirm with a byte comparison;
 * anything that is not an exact repeat is parsed as usual, so the result never differs from parsing.
 */
final class KnownPemTexts {
    private final Map<Integer, PemBlock> byChecksum = new HashMap<>();
    private final CRC32 crc = new CRC32();
    private byte[] source;

    /** Remembers the blocks parsed from {@code content}; only one source (the bundle in use) is kept. */
    void remember(byte[] content, List<PemBlock> blocks) {
        source = content;
        byChecksum.clear();
        for (PemBlock block : blocks) {
            byChecksum.putIfAbsent(checksum(content, block.textStart(), block.textEnd()), block);
        }
    }

    /** The block whose text is exactly {@code content}, as if parsed from it (line 1); else {@code null}. */
    PemBlock repeatOf(byte[] content) {
        if (source == null || byChecksum.isEmpty()) {
            return null;
        }
        PemBlock known = byChecksum.get(checksum(content, 0, content.length));
        if (known == null || !Arrays.equals(content, 0, content.length, source, known.textStart(), known.textEnd())) {
            return null;
        }
        return new PemBlock(known.trusted(), known.der(), 1, 0, content.length);
    }

    private int checksum(byte[] data, int from, int to) {
        crc.reset();
        crc.update(data, from, to - from);
        return (int) crc.getValue();
    }
}
