package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownPemTextsTest {
    private static final String ROOT = TestCertificates.pem(TestCertificates.selfSignedCa("Known Root").certificate());
    private static final String OTHER = TestCertificates.pem(TestCertificates.selfSignedCa("Known Other").certificate());
    private static final InputProblems IGNORED = (location, reason) -> { };

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static KnownPemTexts remembering(String bundle) {
        KnownPemTexts texts = new KnownPemTexts();
        byte[] content = bytes(bundle);
        texts.remember(content, PemParser.parse(content, "bundle", IGNORED));
        return texts;
    }

    @Test
    void anExactRepeatOfABundleBlockYieldsWhatParsingTheFileWould() {
        KnownPemTexts texts = remembering("# comment\n" + ROOT + "\n" + OTHER);

        for (String file : List.of(ROOT, OTHER)) {
            PemBlock repeat = texts.repeatOf(bytes(file));
            PemBlock parsed = PemParser.parse(bytes(file), "file", IGNORED).get(0);
            assertThat(repeat).isNotNull();
            assertThat(repeat.der()).isEqualTo(parsed.der());
            assertThat(repeat.trusted()).isEqualTo(parsed.trusted());
            assertThat(repeat.line()).isEqualTo(parsed.line()).isEqualTo(1);
        }
    }

    @Test
    void anythingButAnExactRepeatIsLeftToTheParser() {
        KnownPemTexts texts = remembering(ROOT + OTHER);
        int middle = ROOT.length() / 2;
        char changed = ROOT.charAt(middle) == 'A' ? 'B' : 'A';

        assertThat(texts.repeatOf(bytes("# comment\n" + ROOT))).isNull();
        assertThat(texts.repeatOf(bytes(ROOT + "\n"))).isNull();
        assertThat(texts.repeatOf(bytes(ROOT.substring(0, middle) + changed + ROOT.substring(middle + 1)))).isNull();
        assertThat(texts.repeatOf(bytes(ROOT + OTHER))).isNull();
        assertThat(new KnownPemTexts().repeatOf(bytes(ROOT))).isNull();
    }
}
