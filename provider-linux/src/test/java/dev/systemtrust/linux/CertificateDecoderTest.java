package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTCTime;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.bouncycastle.asn1.DERVisibleString;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateDecoderTest {
    private static final List<X509Certificate> ROOTS = List.of(
            TestCertificates.selfSignedCa("Decoder A").certificate(),
            TestCertificates.selfSignedCa("Decoder B").certificate(),
            TestCertificates.selfSignedCa("Decoder C").certificate(),
            TestCertificates.selfSignedCa("Decoder D").certificate());

    @Test
    void decodingAheadGivesWhatDecodingInTurnGivesWithOneInstancePerEncoding() throws Exception {
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate root : ROOTS) {
            ders.add(root.getEncoded());
        }
        ders.add(ROOTS.get(0).getEncoded()); // the first again, as another array, in the half decoded ahead
        CertificateDecoder ahead = new CertificateDecoder();
        ahead.decodeAhead(ders);
        CertificateDecoder inTurn = new CertificateDecoder();

        List<CertificateDecoder.Decoded> decoded = new ArrayList<>();
        for (byte[] der : ders) {
            decoded.add(ahead.decode(der));
            CertificateDecoder.Decoded expected = inTurn.decode(der);
            CertificateDecoder.Decoded actual = decoded.get(decoded.size() - 1);
            assertThat(actual.certificate()).isEqualTo(expected.certificate());
            assertThat(actual.selfSigned()).isEqualTo(expected.selfSigned()).isTrue();
            assertThat(actual.subject()).isEqualTo(expected.subject());
        }
        assertThat(decoded.get(4)).as("one instance per encoding").isSameAs(decoded.get(0));
    }

    /** Name: CN as a UTF8String "a\xffb", not UTF-8. */
    static final byte[] INVALID_UTF8_NAME = {0x30, 0x0e, 0x31, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c,
        0x03, 'a', (byte) 0xff, 'b'};
    @Test
    void aCertificateWhoseNameOpenSslCannotConvertIsRefusedWithTheReason() throws Exception {
        // Each refused by openssl x509 (OpenSSL 3.0): not UTF-8, a lone surrogate, a code point beyond U+10FFFF.
        for (X500Principal name : List.of(new X500Principal(INVALID_UTF8_NAME),
                commonName(new DERBMPString("Root \ud800")),
                commonName(new DERUniversalString(new byte[] {0, 0x11, 0, 0})))) {
            X509Certificate certificate = TestCertificates.selfSignedCa(name).certificate();

            CertificateDecoder.Decoded decoded = new CertificateDecoder().decode(certificate.getEncoded());

            assertThat(decoded.certificate()).isEqualTo(certificate);
            assertThat(decoded.usable()).isFalse();
            assertThat(decoded.error()).startsWith("OpenSSL refuses this certificate: its subject has a value it "
                    + "cannot decode (");
        }
    }

    /**
     * OpenSSL decodes a name value only of the types its {@code B_ASN1_PRINTABLE} mask lists; the JDK takes any. The
     * verdict is pinned against {@code openssl x509} itself, with a NumericString (in the mask) as the control.
     */
    @Test
    void aCertificateWithANameValueTypeOpenSslDoesNotDecodeIsRefused(@TempDir Path temp) throws Exception {
        Map<String, ASN1Encodable> refused = Map.of(
                "VisibleString", new DERVisibleString("Visible Root"),
                "UTCTime", new DERUTCTime("260101000000Z"),
                "GeneralizedTime", new DERGeneralizedTime("20260101000000Z"));
        for (Map.Entry<String, ASN1Encodable> value : refused.entrySet()) {
            X509Certificate certificate = OpenSslNames.selfSigned(OpenSslNames.commonName(value.getValue()));
            assertThat(openSslParses(certificate, temp)).as(value.getKey() + " by openssl").isFalse();

            CertificateDecoder.Decoded decoded = new CertificateDecoder().decode(certificate.getEncoded());

            assertThat(decoded.usable()).as(value.getKey()).isFalse();
            assertThat(decoded.error()).as(value.getKey()).startsWith("OpenSSL refuses this certificate: its subject "
                    + "has a value it cannot decode (a value of a type OpenSSL does not accept in a name (tag 0x");
        }
        X509Certificate numeric = OpenSslNames.selfSigned(OpenSslNames.commonName(new DERNumericString("12345")));
        assertThat(openSslParses(numeric, temp)).as("NumericString by openssl").isTrue();
        assertThat(new CertificateDecoder().decode(numeric.getEncoded()).usable()).as("NumericString").isTrue();
    }

    private static boolean openSslParses(X509Certificate certificate, Path directory) throws Exception {
        Path pem = Files.createTempFile(directory, "value", ".pem");
        Files.writeString(pem, TestCertificates.pem(certificate));
        Process openssl = new ProcessBuilder(List.of("openssl", "x509", "-noout", "-subject", "-in", pem.toString()))
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        if (!openssl.waitFor(30, TimeUnit.SECONDS)) {
            openssl.destroyForcibly();
            throw new AssertionError("openssl x509 did not finish");
        }
        return openssl.exitValue() == 0;
    }

    @Test
    void nonAsciiAndWideNamesOpenSslConvertsAreUsable() throws Exception {
        X500Principal wide = new X500Principal(new DERSequence(new ASN1Encodable[] {
            new DERSet(new DERSequence(new ASN1Encodable[] {BCStyle.O, new DERUTF8String("Zürich Trust")})),
            new DERSet(new DERSequence(new ASN1Encodable[] {BCStyle.CN, new DERBMPString("Root \u00c4")}))})
                .getEncoded("DER"));
        X509Certificate certificate = TestCertificates.selfSignedCa(wide).certificate();

        CertificateDecoder.Decoded decoded = new CertificateDecoder().decode(certificate.getEncoded());

        assertThat(decoded.usable()).isTrue();
        assertThat(decoded.selfSigned()).isTrue();
    }

    private static X500Principal commonName(ASN1Encodable value) throws Exception {
        return new X500Principal(new DERSequence(new DERSet(new DERSequence(new ASN1Encodable[] {BCStyle.CN, value})))
                .getEncoded("DER"));
    }
}
