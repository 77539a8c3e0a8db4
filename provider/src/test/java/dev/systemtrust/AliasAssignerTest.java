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
    void clashingTagsAreToldApartBySha256PrefixesAndTheSameCertificateKeepsOneAlias() {
        X509Certificate one = TestCertificates.selfSignedCa("Clash").certificate();
        X509Certificate two = TestCertificates.selfSignedCa("Clash").certificate();
        X509Certificate three = TestCertificates.selfSignedCa("Clash").certificate();

        Map<String, X509Certificate> aliases = AliasAssigner.assign(List.of(new TrustedCertificate(one, null, "a"),
                new TrustedCertificate(two, null, "b"), new TrustedCertificate(one, null, "c"),
                new TrustedCertificate(three, null, "d")), encoding -> "00000000");

        assertThat(aliases).containsOnlyKeys("clash-00000000",
                "clash-00000000-" + AliasAssigner.sha256Hex(two).substring(0, 8),
                "clash-00000000-" + AliasAssigner.sha256Hex(three).substring(0, 8));
        assertThat(aliases.values()).containsExactly(one, two, three);
    }

    @Test
    void tagIsTheCrc32OfTheEncodingInEightHexDigits() throws Exception {
        X509Certificate ca = TestCertificates.selfSignedCa("Tagged").certificate();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ca.getEncoded());

        assertThat(AliasAssigner.assign(List.of(new TrustedCertificate(ca, null, "a"))))
                .containsOnlyKeys("tagged-" + String.format("%08x", crc.getValue()));
    }

    @Test
    void subjectNamePrefersCommonName() {
        X509Certificate ca = TestCertificates.selfSignedCa("Example Root").certificate();

        assertThat(AliasAssigner.subjectName(ca)).isEqualTo("Example Root");
    }

    @Test
    void subjectNameMatchesJavaxNamingOnEveryCertificateOfThisMachine() throws Exception {
        java.nio.file.Path mozilla = java.nio.file.Path.of("/usr/share/ca-certificates/mozilla");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(mozilla), "no Mozilla roots here");
        var factory = java.security.cert.CertificateFactory.getInstance("X.509");
        int compared = 0;
        try (var files = java.nio.file.Files.list(mozilla)) {
            for (java.nio.file.Path file : files.toList()) {
                X509Certificate certificate;
                try (var in = java.nio.file.Files.newInputStream(file)) {
                    certificate = (X509Certificate) factory.generateCertificate(in);
                }
                assertThat(AliasAssigner.subjectName(certificate)).as(file.toString())
                        .isEqualTo(viaLdapName(certificate));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    @Test
    void subjectNameUnescapesSpecialAndNonAsciiCharacters() {
        // X500Principal syntax: the CN holds a comma, a plus and quotes.
        X509Certificate ca = TestCertificates.selfSignedCa("Acme\\, Inc. \\+ \\\"Ünïcode\\\" Root").certificate();

        assertThat(AliasAssigner.subjectName(ca)).isEqualTo("Acme, Inc. + \"Ünïcode\" Root")
                .isEqualTo(viaLdapName(ca));
    }

    /** The reference: what javax.naming's RFC 2253 parser picks (first CN, else OU, else O). */
    private static String viaLdapName(X509Certificate certificate) {
        try {
            List<javax.naming.ldap.Rdn> rdns = new javax.naming.ldap.LdapName(
                    certificate.getSubjectX500Principal().getName()).getRdns();
            for (String type : List.of("CN", "OU", "O")) {
                for (int i = rdns.size() - 1; i >= 0; i--) {
                    if (rdns.get(i).getType().equalsIgnoreCase(type)) {
                        return String.valueOf(rdns.get(i).getValue());
                    }
                }
            }
            return certificate.getSubjectX500Principal().getName();
        } catch (javax.naming.InvalidNameException e) {
            throw new AssertionError(e);
        }
    }
}
