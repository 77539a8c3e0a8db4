package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class PreferredSubjectNameTest {

    private static String of(String rfc2253) {
        return PreferredSubjectName.of(new X500Principal(rfc2253).getEncoded());
    }

    @Test
    void prefersTheMostSpecificCommonNameThenUnitThenOrganization() {
        assertThat(of("CN=Leaf CA, OU=Unit, O=Org, CN=Outer Name, C=US")).isEqualTo("Leaf CA");
        assertThat(of("OU=Unit, O=Org, C=US")).isEqualTo("Unit");
        assertThat(of("O=Org, C=US")).isEqualTo("Org");
        assertThat(of("C=US, L=Nowhere")).isNull();
    }

    @Test
    void readsMultiValuedRdnsInEncodingOrderAndNonAsciiStrings() {
        assertThat(of("CN=First+CN=Second, O=Org")).isEqualTo("First");
        assertThat(of("CN=Ünïcode Root, O=Org")).isEqualTo("Ünïcode Root");
    }

    @Test
    void malformedOrTruncatedEncodingsGiveNoName() {
        byte[] encoded = new X500Principal("CN=Example, O=Org").getEncoded();

        assertThat(PreferredSubjectName.of(Arrays.copyOf(encoded, encoded.length - 3))).isNull();
        assertThat(PreferredSubjectName.of(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .isNull();
        assertThat(PreferredSubjectName.of(new byte[0])).isNull();
    }

    @Test
    void findsTheSubjectInsideATbsCertificate() throws Exception {
        var root = dev.systemtrust.testing.TestCertificates.selfSignedCa("Tbs Root");
        var server = dev.systemtrust.testing.TestCertificates.server(root, "tbs.test");

        assertThat(PreferredSubjectName.ofTbsCertificate(root.certificate().getTBSCertificate())).isEqualTo("Tbs Root");
        assertThat(PreferredSubjectName.ofTbsCertificate(server.certificate().getTBSCertificate())).isEqualTo("tbs.test");
        byte[] tbs = server.certificate().getTBSCertificate();
        assertThat(PreferredSubjectName.ofTbsCertificate(Arrays.copyOf(tbs, 30))).isNull();
    }
}
