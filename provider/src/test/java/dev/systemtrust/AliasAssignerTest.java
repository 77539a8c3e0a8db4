package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.spi.TrustedCertificate;
import dev.systemtrust.testing.TestCertificates;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliasAssignerTest {

    @Test
    void slugKeepsLettersAndDigitsJoinedBySingleDashes() {
        assertThat(AliasAssigner.slug("DigiCert Global Root G2")).isEqualTo("digicert-global-root-g2");
        assertThat(AliasAssigner.slug("  Ünïcode / ACME, Inc. ")).isEqualTo("n-code-acme-inc");
        assertThat(AliasAssigner.slug("***")).isEqualTo("cert");
        assertThat(AliasAssigner.slug("x".repeat(200))).hasSize(64);
    }

    @Test
    void sameNameDifferentCertificatesGetDistinctAliases() {
        X509Certificate one = TestCertificates.selfSignedCa("Twin").certificate();
        X509Certificate two = TestCertificates.selfSignedCa("Twin").certificate();

        Map<String, X509Certificate> aliases = AliasAssigner.assign(List.of(
                new TrustedCertificate(one, null, "a"), new TrustedCertificate(two, null, "b")));

        assertThat(aliases).hasSize(2);
        assertThat(aliases.keySet()).allMatch(alias -> alias.startsWith("twin-"));
    }

    @Test
    void subjectNamePrefersCommonName() {
        X509Certificate ca = TestCertificates.selfSignedCa("Example Root").certificate();

        assertThat(AliasAssigner.subjectName(ca)).isEqualTo("Example Root");
    }
}
