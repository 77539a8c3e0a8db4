package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64BodyTest {

    /** Decodes {@code text} split into lines at '\n', as the PEM parser feeds it. */
    private static Base64Body decode(String text) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        Base64Body body = new Base64Body();
        body.start(data.length);
        int line = 1;
        for (int from = 0; from <= data.length; line++) {
            int end = body.line(data, from, line);
            assertThat(end == data.length || data[end] == '\n').as("line end").isTrue();
            from = end + 1;
        }
        return body;
    }

    @Test
    void decodesLikeTheJdkAcrossLineBreaksAndPaddingForms() {
        for (String text : new String[] {"QUJD", "QUI=", "QUI", "QQ==", "QQ", "QU\nJD\nRA==", " QUJD\t\r\nRUY= "}) {
            Base64Body body = decode(text);
            assertThat(body.error()).as(text).isNull();
            assertThat(body.decoded()).as(text)
                    .isEqualTo(Base64.getDecoder().decode(text.replaceAll("[ \t\r\n]", "")));
        }
    }

    @Test
    void rejectsWhatTheJdkRejects() {
        for (String text : new String[] {"Q", "QUJDR", "QUJD=", "Q===", "QU=", "QU=A", "QUI=A", "QU==\nQUJD", "=", "QUI=="}) {
            assertThat(decode(text).error()).as(text).isNotNull();
        }
    }

    @Test
    void recordsTheFirstLineWithAForeignCharacter() {
        Base64Body body = decode("QUJD\nQU*D\nQ!JD");
        assertThat(body.firstBadLine()).isEqualTo(2);
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        Random random = new Random(20261125);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(round % 2 == 0 ? 12 : 200);
            if (round % 3 == 0) {
                text.append(Base64.getMimeEncoder().encodeToString(new byte[length]));
                if (length > 0 && random.nextBoolean()) {
                    text.setCharAt(random.nextInt(text.length()), alphabet.charAt(random.nextInt(alphabet.length())));
                }
            } else {
                for (int i = 0; i < length; i++) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String input = text.toString();
            Base64Body body = decode(input);
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(input.replaceAll("[\r\n]", ""));
            } catch (IllegalArgumentException e) {
                expected = null;
            }
            if (expected == null) {
                assertThat(body.error()).as(input).isNotNull();
            } else {
                assertThat(body.error()).as(input).isNull();
                assertThat(body.decoded()).as(input).isEqualTo(expected);
            }
        }
    }
}
