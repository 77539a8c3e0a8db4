package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemParserTest {
    private static final X509Certificate ROOT = TestCertificates.selfSignedCa("Pem Root").certificate();
    private static final X509Certificate OTHER = TestCertificates.selfSignedCa("Pem Other").certificate();

    private final List<String> problems = new ArrayList<>();

    private List<PemBlock> parse(String text) {
        return PemParser.parse(text.getBytes(StandardCharsets.US_ASCII), "f.pem",
                (location, reason) -> problems.add(location + " " + reason));
    }

    @Test
    void readsBlocksWithTextAndCommentsAroundThem() {
        List<PemBlock> blocks = parse("# Mozilla root\nsubject=CN=x\n" + TestCertificates.pem(ROOT)
                + "\nsome text\n\n" + TestCertificates.pem(OTHER) + "trailing words");
        assertThat(blocks).extracting(PemBlock::der).containsExactly(TrustedBlocks.der(ROOT), TrustedBlocks.der(OTHER));
        assertThat(blocks).extracting(PemBlock::line).containsExactly(3, 3 + lines(TestCertificates.pem(ROOT)) + 3);
        assertThat(problems).isEmpty();
    }

    @Test
    void crlfLineEndingsParseLikeLf() {
        List<PemBlock> blocks = parse(TestCertificates.pem(ROOT).replace("\n", "\r\n"));
        assertThat(blocks).singleElement().satisfies(block -> assertThat(block.der()).isEqualTo(TrustedBlocks.der(ROOT)));
        assertThat(problems).isEmpty();
    }

    @Test
    void acceptsTheThreeCertificateLabelsAndFlagsTrustedOnes() {
        byte[] der = TrustedBlocks.der(ROOT);
        List<PemBlock> blocks = parse(TestCertificates.pem("CERTIFICATE", der) + TestCertificates.pem("X509 CERTIFICATE", der)
                + TestCertificates.pem("TRUSTED CERTIFICATE", der));
        assertThat(blocks).extracting(PemBlock::trusted).containsExactly(false, false, true);
    }

    @Test
    void otherBlockTypesAreReportedNotRead() {
        List<PemBlock> blocks = parse(TestCertificates.pem("PRIVATE KEY", new byte[] {1, 2, 3}) + TestCertificates.pem(ROOT));
        assertThat(blocks).hasSize(1);
        assertThat(problems).singleElement().asString().contains("f.pem:1").contains("PRIVATE KEY");
    }

    @Test
    void truncatedBlockIsSkippedAndTheNextBlockStillCounts() {
        String pem = TestCertificates.pem(ROOT);
        String truncated = pem.substring(0, pem.indexOf("-----END"));
        List<PemBlock> blocks = parse(truncated + TestCertificates.pem(OTHER));
        assertThat(blocks).extracting(PemBlock::der).containsExactly(TrustedBlocks.der(OTHER));
        assertThat(problems).singleElement().asString().startsWith("f.pem:1 ").contains("truncated");
    }

    @Test
    void blockWithoutEndAtEndOfFileIsSkipped() {
        String pem = TestCertificates.pem(ROOT);
        assertThat(parse(pem.substring(0, pem.length() / 2))).isEmpty();
        assertThat(problems).singleElement().asString().contains("no END line");
    }

    @Test
    void badBase64LineIsReportedWithItsLineNumber() {
        String[] lines = TestCertificates.pem(ROOT).split("\n");
        lines[2] = lines[2].substring(0, 10) + "*" + lines[2].substring(11);
        List<PemBlock> blocks = parse(String.join("\n", lines) + "\n" + TestCertificates.pem(OTHER));
        assertThat(blocks).extracting(PemBlock::der).containsExactly(TrustedBlocks.der(OTHER));
        assertThat(problems).singleElement().asString().startsWith("f.pem:3 ").contains("not base64");
    }

    @Test
    void invalidBase64LengthIsSkipped() {
        List<PemBlock> blocks = parse("-----BEGIN CERTIFICATE-----\nQUJD=\n-----END CERTIFICATE-----\n");
        assertThat(blocks).isEmpty();
        assertThat(problems).singleElement().asString().contains("not valid base64");
    }

    @Test
    void mismatchedEndLabelIsSkipped() {
        String pem = TestCertificates.pem(ROOT).replace("END CERTIFICATE", "END TRUSTED CERTIFICATE");
        assertThat(parse(pem)).isEmpty();
        assertThat(problems).singleElement().asString().contains("ends with");
    }

    @Test
    void emptyBlockIsSkipped() {
        assertThat(parse("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")).isEmpty();
        assertThat(problems).singleElement().asString().contains("empty");
    }

    @Test
    void recognisesPemOnlyWithMarkerAtLineStart() {
        assertThat(PemParser.looksLikePem("x\n-----BEGIN CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(PemParser.looksLikePem("x -----BEGIN CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(PemParser.looksLikePem(TrustedBlocks.der(ROOT))).isFalse();
    }

    private static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
