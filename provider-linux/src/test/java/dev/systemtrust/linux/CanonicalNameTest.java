package dev.systemtrust.linux;

import static dev.systemtrust.linux.OpenSslNames.CN;
import static dev.systemtrust.linux.OpenSslNames.EMAIL;
import static dev.systemtrust.linux.OpenSslNames.O;
import static dev.systemtrust.linux.OpenSslNames.OU;
import static dev.systemtrust.linux.OpenSslNames.attribute;
import static dev.systemtrust.linux.OpenSslNames.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERT61String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.DERUniversalString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanonicalNameTest {
    private static final Path DEBIAN_CERTS = Path.of("/etc/ssl/certs");

    @TempDir
    Path temp;

    /** Each {@code <hash>.0} link in Debian's directory is named by OpenSSL's hash of its certificate's subject. */
    @Test
    void givesOpenSslsSubjectHashForEveryRootInTheDebianDirectory() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        assumeTrue(ci || Files.isDirectory(DEBIAN_CERTS), "a Debian /etc/ssl/certs");
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int checked = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(DEBIAN_CERTS, "????????.0")) {
            for (Path entry : entries) {
                X509Certificate certificate;
                try (InputStream in = Files.newInputStream(entry)) {
                    certificate = (X509Certificate) factory.generateCertificate(in);
                }
                byte[] subject = TbsFields.of(certificate.getEncoded()).subject;
                assertThat(CanonicalName.hash(subject)).as(entry.toString())
                        .isEqualTo(entry.getFileName().toString().substring(0, 8));
                checked++;
            }
        }
        assertThat(checked).as("hash links checked").isGreaterThan(100);
    }

    @Test
    void givesOpenSslsSubjectHashForEveryStringTypeAndSpacing() throws Exception {
        Map<String, byte[]> names = new LinkedHashMap<>();
        names.put("BMPString", name(rdn(attribute(CN, new DERBMPString("SystemTrust BMP Root")))));
        names.put("spaces and tabs", name(rdn(attribute(CN, new DERUTF8String("  SystemTrust \t  Spaced  Root ")))));
        names.put("non-ASCII capitals", name(rdn(attribute(CN, new DERUTF8String("ÄÖÜ Größe ROOT")))));
        names.put("T61String Latin-1", name(rdn(attribute(CN, new DERT61String(
                "Caf\u00e9 Root".getBytes(StandardCharsets.ISO_8859_1))))));
        names.put("UniversalString beyond the BMP", name(rdn(attribute(CN, new DERUniversalString(
                utf32("Universal \uD83D\uDE00 Root"))))));
        names.put("NumericString kept as it is", name(rdn(attribute(O, new DERNumericString("12 345"))),
                rdn(attribute(CN, new DERPrintableString("Numeric Org Root")))));
        names.put("multi-valued RDN", name(rdn(attribute(OU, new DERUTF8String("Unit B")),
                attribute(CN, new DERPrintableString("Multi A")))));
        names.put("IA5String email", name(rdn(attribute(EMAIL, new DERIA5String("Admin@Example.COM"))),
                rdn(attribute(CN, new DERUTF8String("Email Root")))));
        names.put("only spaces", name(rdn(attribute(CN, new DERUTF8String("   ")))));
        for (Map.Entry<String, byte[]> name : names.entrySet()) {
            X509Certificate certificate = OpenSslNames.selfSigned(name.getValue());
            byte[] subject = TbsFields.of(certificate.getEncoded()).subject;
            assertThat(CanonicalName.hash(subject)).as(name.getKey())
                    .isEqualTo(OpenSslNames.openSslHash(certificate, temp));
        }
    }

    @Test
    void bmpAndUtf8SpellingsOfOneNameAreTheSameNameToOpenSslButNotToTheJdk() {
        byte[] bmp = OpenSslNames.commonName(new DERBMPString("Example Root"));
        byte[] utf8 = OpenSslNames.commonName(new DERUTF8String(" example   ROOT"));

        assertThat(CanonicalName.same(bmp, utf8)).isTrue();
        assertThat(new X500Principal(bmp)).isNotEqualTo(new X500Principal(utf8));
    }

    @Test
    void capitalsBeyondAsciiStayDistinctForOpenSslThoughTheJdkFoldsThem() {
        byte[] upper = OpenSslNames.commonName(new DERUTF8String("ÄBC Root"));
        byte[] lower = OpenSslNames.commonName(new DERUTF8String("äbc root"));

        assertThat(CanonicalName.same(upper, lower)).isFalse();
        assertThat(new X500Principal(upper)).isEqualTo(new X500Principal(lower));
    }

    @Test
    void theMembersOfAMultiValuedRdnAreComparedInDerOrder() throws Exception {
        ASN1Encodable unit = attribute(OU, new DERUTF8String("Unit"));
        ASN1Encodable common = attribute(CN, new DERUTF8String("Common"));
        byte[] inDerOrder = name(rdn(unit, common)); // DERSet sorts its members
        byte[] reversed = inDerOrder.clone();
        // Swap the two encoded attributes inside the SET by hand: BouncyCastle would sort them back.
        byte[] first = unit.toASN1Primitive().getEncoded("DER");
        byte[] second = common.toASN1Primitive().getEncoded("DER");
        int offset = 4;
        byte[] lower = java.util.Arrays.compareUnsigned(first, second) < 0 ? first : second;
        byte[] higher = lower == first ? second : first;
        System.arraycopy(higher, 0, reversed, offset, higher.length);
        System.arraycopy(lower, 0, reversed, offset + higher.length, lower.length);
        assertThat(reversed).isNotEqualTo(inDerOrder);

        assertThat(CanonicalName.of(reversed)).isEqualTo(CanonicalName.of(inDerOrder));
    }

    @Test
    void valuesOpenSslRefusesLeaveNoCanonicalForm() {
        byte[] oddBmp = new byte[] {0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x01, 0x41};
        byte[] loneSurrogate = {0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x1e, 0x02,
                (byte) 0xd8, 0x00};
        byte[] overlongUtf8 = {0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x02,
                (byte) 0xc1, (byte) 0x81};

        byte[] primitiveSequence = {0x30, 0x0b, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x10, 0x00};
        byte[] eightUnusedBits = {0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x03, 0x01, 0x08};
        byte[] emptyBitString = {0x30, 0x0b, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03, 0x03, 0x00};
        byte[] bitString = {0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x03, 0x01, 0x00};

        assertThat(CanonicalName.problem(primitiveSequence)).contains("tag 0x10");
        assertThat(CanonicalName.of(eightUnusedBits)).isNull();
        assertThat(CanonicalName.of(emptyBitString)).isNull();
        assertThat(CanonicalName.of(bitString)).as("a BIT STRING OpenSSL decodes").isNotNull();
        assertThat(TbsFields.mayLackCanonicalForm(bitString)).as("looked at closely").isTrue();
        assertThat(CanonicalName.of(oddBmp)).isNull();
        assertThat(CanonicalName.of(loneSurrogate)).isNull();
        assertThat(CanonicalName.of(overlongUtf8)).isNull();
        assertThat(CanonicalName.of(new byte[] {0x30, 0x00})).isEmpty();
    }

    private static ASN1Encodable[] rdn(ASN1Encodable... attributes) {
        return attributes;
    }

    private static byte[] utf32(String text) {
        return text.getBytes(java.nio.charset.Charset.forName("UTF-32BE"));
    }
}
