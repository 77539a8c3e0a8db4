package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class EkuEncodingTest {

    @Test
    void decodesWhatAnIndependentEncoderWrote() throws IOException {
        byte[] der = new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                KeyPurposeId.id_kp_codeSigning, KeyPurposeId.anyExtendedKeyUsage,
                KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.311.10.3.3")),
                KeyPurposeId.getInstance(new org.bouncycastle.asn1.ASN1ObjectIdentifier("2.999.1234567890123")),
        }).getEncoded();

        assertThat(EkuEncoding.decode(der)).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.3",
                "2.5.29.37.0", "1.3.6.1.4.1.311.10.3.3", "2.999.1234567890123");
        assertThat(EkuEncoding.decode(new byte[] {0x30, 0x00})).isEmpty();
    }

    @Test
    void anythingElseIsRefused() {
        for (byte[] bad : List.of(new byte[0], new byte[] {0x30}, new byte[] {0x30, 0x05, 0x06, 0x01},
                new byte[] {0x31, 0x00}, new byte[] {0x30, 0x02, 0x06, 0x00}, new byte[] {0x30, 0x00, 0x00},
                new byte[] {0x30, 0x03, 0x06, 0x01, (byte) 0x81}, new byte[] {0x30, (byte) 0x80, 0x00, 0x00})) {
            assertThatThrownBy(() -> EkuEncoding.decode(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
