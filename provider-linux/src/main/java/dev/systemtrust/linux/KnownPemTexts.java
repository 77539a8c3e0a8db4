package dev.systemtrust.linux;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PEM text of every block decoded from the bundle, so that a directory file repeating one byte for byte reuses
 * the decoded block instead of being parsed and base64-decoded again. Debian's update-ca-certificates builds the
 * bundle by concatenating the very files it links into {@code /etc/ssl/certs}, so on such systems every directory
 * file is a repeat. Anything that is not an exact repeat is parsed as usual, so the result never differs from
 * parsing.
 *
 * <p>Texts are held as Latin-1 strings (one array copy each, no decoding) because a cold JVM has long compiled
 * {@code String.hashCode} and {@code String.equals}, while a byte-array comparison would still run interpreted.
 */
final class KnownPemTexts {
    private final Map<String, PemBlock> byText = new HashMap<>();

    /** Remembers the blocks parsed from {@code content}, the bundle in use. */
    void remember(byte[] content, List<PemBlock> blocks) {
        for (PemBlock block : blocks) {
            byText.putIfAbsent(new String(content, block.textStart(), block.textEnd() - block.textStart(),
                    StandardCharsets.ISO_8859_1), block);
        }
    }

    /** The block whose text is exactly {@code content}, as if parsed from it (line 1); else {@code null}. */
    PemBlock repeatOf(byte[] content) {
        if (byText.isEmpty()) {
            return null;
        }
        PemBlock known = byText.get(new String(content, StandardCharsets.ISO_8859_1));
        return known == null ? null : new PemBlock(known.trusted(), known.der(), 1, 0, content.length);
    }
}
