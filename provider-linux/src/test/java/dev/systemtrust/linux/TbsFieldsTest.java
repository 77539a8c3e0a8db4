package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.DerElements;
import dev.systemtrust.testing.TestCertificates;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TbsFieldsTest {

    @Test
    void fieldsMatchTheJdkAccessorsOnTestAndSystemCertificates() throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        TestCertificates.Issued root = TestCertificates.selfSignedCa("Fields Root");
        TestCertificates.Issued intermediate = TestCertificates.intermediate(root, "Fields Intermediate");
        certificates.add(root.certificate());
        certificates.add(intermediate.certificate());
        certificates.add(TestCertificates.server(intermediate, "fields.test").certificate());
        Path bundle = Path.of("/usr/share/ca-certificates/mozilla");
        if (Files.isDirectory(bundle)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            try (var files = Files.list(bundle)) {
                for (Path file : files.toList()) {
                    certificates.add((X509Certificate) factory.generateCertificate(
                            new ByteArrayInputStream(Files.readAllBytes(file))));
                }
            }
        }
        for (X509Certificate certificate : certificates) {
            TbsFields fields = TbsFields.of(certificate.getEncoded());
            String name = certificate.getSubjectX500Principal().getName();
            assertThat(fields).as(name).isNotNull();
            assertThat(fields.serial).as(name).isEqualTo(certificate.getSerialNumber().toByteArray());
            assertThat(fields.subject).as(name).isEqualTo(certificate.getSubjectX500Principal().getEncoded());
            assertThat(fields.issuer).as(name).isEqualTo(certificate.getIssuerX500Principal().getEncoded());
            assertThat(fields.authorityKeyIdentifier).as(name)
                    .isEqualTo(inner(certificate.getExtensionValue("2.5.29.35")));
            assertThat(fields.subjectKeyIdentifier).as(name)
                    .isEqualTo(inner(inner(certificate.getExtensionValue("2.5.29.14"))));
        }
        assertThat(certificates.size()).isGreaterThan(2);
    }

    @Test
    void optionalFieldsAfterTheKeyMustBeUniqueAndInOrder() throws Exception {
        byte[] certificate = TestCertificates.selfSignedCa("Two Extension Blocks").certificate().getEncoded();
        int tbs = DerElements.contentOffset(certificate, 0);
        int tbsContent = DerElements.contentOffset(certificate, tbs);
        int tbsEnd = tbs + DerElements.elementLength(certificate, tbs);
        int extensions = tbsContent;
        while ((certificate[extensions] & 0xff) != 0xa3) {
            extensions += DerElements.elementLength(certificate, extensions);
        }
        byte[] extensionBlock = Arrays.copyOfRange(certificate, extensions, tbsEnd);
        byte[] rest = Arrays.copyOfRange(certificate, tbsEnd, certificate.length);
        byte[] fieldsBeforeExtensions = Arrays.copyOfRange(certificate, tbsContent, extensions);

        assertThat(TbsFields.of(rebuilt(fieldsBeforeExtensions, extensionBlock, rest))).isNotNull();
        assertThat(TbsFields.of(rebuilt(fieldsBeforeExtensions, concat(extensionBlock, extensionBlock), rest)))
                .as("a second [3]").isNull();
        assertThat(TbsFields.of(rebuilt(fieldsBeforeExtensions, concat(extensionBlock, new byte[] {0x04, 0x00}), rest)))
                .as("an unknown field after [3]").isNull();
        assertThat(TbsFields.of(rebuilt(fieldsBeforeExtensions,
                concat(new byte[] {(byte) 0x82, 0x01, 0x00, (byte) 0x81, 0x01, 0x00}, extensionBlock), rest)))
                .as("[2] before [1]").isNull();
        assertThat(TbsFields.of(rebuilt(fieldsBeforeExtensions,
                concat(new byte[] {(byte) 0x81, 0x01, 0x00, (byte) 0x82, 0x01, 0x00}, extensionBlock), rest)))
                .as("[1], [2] and [3] in order").isNotNull();
    }

    /** A certificate whose TBS holds {@code fields} then {@code optional}, followed by {@code rest}. */
    private static byte[] rebuilt(byte[] fields, byte[] optional, byte[] rest) {
        return sequence(concat(sequence(concat(fields, optional)), rest));
    }

    private static byte[] sequence(byte[] content) {
        int length = content.length;
        byte[] header = length < 0x80 ? new byte[] {0x30, (byte) length}
                : length < 0x100 ? new byte[] {0x30, (byte) 0x81, (byte) length}
                : new byte[] {0x30, (byte) 0x82, (byte) (length >> 8), (byte) length};
        return concat(header, content);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    @Test
    void truncatedOrGarbageInputGivesNull() throws Exception {
        byte[] der = TestCertificates.selfSignedCa("Cut").certificate().getEncoded();
        for (int length : new int[] {0, 1, 2, 10, 40, der.length / 2}) {
            assertThat(TbsFields.of(Arrays.copyOf(der, length))).as("first %d bytes", length).isNull();
        }
        assertThat(TbsFields.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})).isNull();
    }

    private static byte[] inner(byte[] octetString) {
        if (octetString == null) {
            return null;
        }
        return Arrays.copyOfRange(octetString, DerElements.contentOffset(octetString, 0), octetString.length);
    }
}
