package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
