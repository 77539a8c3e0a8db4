package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buffers laid out as crypt32 packs a CERT_ENHKEY_USAGE: header, pointer array, strings; at a made-up address. */
class PackedUsageIdentifiersTest {
    private static final long BASE = 0x7ff0_1234_0000L;

    /** A buffer of {@code header} bytes, then the pointer array, then the strings, each NUL-terminated. */
    private static byte[] packed(int header, int pointerSize, long base, String... identifiers) {
        int arrayAt = header;
        int textAt = arrayAt + identifiers.length * pointerSize;
        int size = textAt;
        for (String identifier : identifiers) {
            size += identifier.length() + 1;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        int text = textAt;
        for (int i = 0; i < identifiers.length; i++) {
            if (pointerSize == 8) {
                buffer.putLong(arrayAt + i * 8, base + text);
            } else {
                buffer.putInt(arrayAt + i * 4, (int) (base + text));
            }
            byte[] bytes = identifiers[i].getBytes(StandardCharsets.US_ASCII);
            buffer.put(text, bytes);
            text += bytes.length + 1;
        }
        return buffer.array();
    }

    @Test
    void readsEightAndFourBytePointers() {
        byte[] wide = packed(16, 8, BASE, "1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        byte[] narrow = packed(8, 4, 0x1000_0000L, "1.3.6.1.5.5.7.3.1");

        assertThat(PackedUsageIdentifiers.read(wide, BASE, BASE + 16, 2, 8))
                .isEqualTo(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"));
        assertThat(PackedUsageIdentifiers.read(narrow, 0x1000_0000L, 0x1000_0008L, 1, 4))
                .isEqualTo(List.of("1.3.6.1.5.5.7.3.1"));
        assertThat(PackedUsageIdentifiers.read(new byte[16], BASE, 0, 0, 8)).isEmpty();
    }

    @Test
    void anArrayOrAStringOutsideTheBufferOrAnUnterminatedStringIsRefused() {
        byte[] buffer = packed(16, 8, BASE, "1.3.6.1.5.5.7.3.1");

        assertThatThrownBy(() -> PackedUsageIdentifiers.read(buffer, BASE, BASE + buffer.length - 4, 1, 8))
                .hasMessageContaining("identifiers at 0x");
        assertThatThrownBy(() -> PackedUsageIdentifiers.read(buffer, BASE, BASE - 8, 1, 8))
                .hasMessageContaining("identifiers at 0x");
        byte[] elsewhere = packed(16, 8, BASE + 4096, "1.3.6.1.5.5.7.3.1");
        assertThatThrownBy(() -> PackedUsageIdentifiers.read(elsewhere, BASE, BASE + 16, 1, 8))
                .hasMessageContaining("put identifier 0 at 0x");
        byte[] unterminated = java.util.Arrays.copyOf(buffer, buffer.length - 1);
        assertThatThrownBy(() -> PackedUsageIdentifiers.read(unterminated, BASE, BASE + 16, 1, 8))
                .hasMessageContaining("unterminated");
    }
}
