package dev.systemtrust.it.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution layouts of {@link DistroMatrixTest}, checked against a trust-aware reference: one TLS server
 * certificate per test CA, and {@code openssl verify -purpose sslserver} with the locations that distribution's
 * OpenSSL uses. The CAs whose server OpenSSL accepts are OpenSSL's server-auth anchors, with {@code TRUSTED
 * CERTIFICATE} trust and reject entries, hashed {@code -CApath} lookup and {@code SSL_CERT_FILE}/{@code
 * SSL_CERT_DIR} applied, which the certificate listings used as references elsewhere (Python's
 * {@code get_ca_certs}, p11-kit extraction) do not evaluate. SystemTrust's anchors must be exactly that set.
 *
 * <p>CAs: {@code a} and {@code c} ordinary roots, {@code local} added by the administrator, {@code b} the one the
 * layout deselects, blocklists or rejects; some tests add CAs whose subjects are crafted to probe OpenSSL's name
 * comparison and lookup order.
 */
class OpenSslVerifyAgreementTest {
    @TempDir
    Path work;
    private LayoutRunner runner;
    private Map<String, String> hostBefore;

    @BeforeEach
    void createCas() throws Exception {
        hostBefore = HostTrustFiles.snapshot();
        runner = new LayoutRunner(work, "a", "b", "c", "local");
    }

    @AfterEach
    void hostUnchanged() {
        assertThat(HostTrustFiles.snapshot()).as("host trust files after the fake-root run").isEqualTo(hostBefore);
    }

    @Test
    void debianDeselectedCaIsAbsentForBoth() throws Exception {
        LayoutRunner.Output output = runner.run("""
                debian_layout a '!b' c +local
                probe
                openssl_reference            # Debian's OpenSSL defaults: /etc/ssl/certs and its bundle
                """);
        assertAgree(output, "a", "c", "local");
    }

    /**
     * With a bundle in use, OpenSSL looks the hashed directory up by subject only when the bundle has no
     * certificate with that subject. A different CA hashed into {@code /etc/ssl/certs} under the subject of a
     * bundle CA is therefore never an anchor for OpenSSL, and must not be one for SystemTrust.
     */
    @Test
    void debianDirectoryCaWithTheSubjectOfABundleCaIsIgnoredByBoth() throws Exception {
        LayoutRunner twins = new LayoutRunner(work.resolve("twins"), "a", "a-twin", "c");
        assertAgree(debianWithAnotherCaHashedBesideA(twins, "a-twin"), "a", "c");
    }

    /** Debian's layout of a and c, then {@code extraCa} added to /etc/ssl/certs and hashed, by OpenSSL, beside a. */
    private static LayoutRunner.Output debianWithAnotherCaHashedBesideA(LayoutRunner runner, String extraCa)
            throws Exception {
        LayoutRunner.Output output = runner.run("""
                debian_layout a c
                cp "$S/ca-%1$s.pem" /etc/ssl/certs/%1$s.pem
                openssl rehash /etc/ssl/certs
                ls /etc/ssl/certs | grep -c '\\.1$' | sed 's/^/SECOND-HASH-LINKS /'
                probe
                openssl_reference
                """.formatted(extraCa));
        assertThat(output.raw().stdout()).as("%s was hashed beside a", extraCa).contains("SECOND-HASH-LINKS 1");
        return output;
    }

    /**
     * OpenSSL compares names in a canonical form: string types converted to UTF-8, whitespace collapsed, ASCII
     * letters lower-cased. A CA whose subject spells a bundle CA's subject as BMPStrings with other spacing and case
     * is, to OpenSSL, a CA with the bundle CA's subject: its hash link sits beside the bundle CA's, and the lookup
     * never reaches it. The JDK's X500Principal calls the two names different.
     */
    @Test
    void debianDirectoryCaSpellingABundleCasSubjectOtherwiseIsIgnoredByBoth() throws Exception {
        LayoutRunner spelled = new LayoutRunner(work.resolve("spelled"), "a", "c")
                .withCa("a-bmp", name(new DERBMPString("systemtrust   TESTS"), new DERBMPString(" SYSTEMTRUST Distro A")));
        assertAgree(debianWithAnotherCaHashedBesideA(spelled, "a-bmp"), "a", "c");
    }

    /** Capitals beyond ASCII are not folded by OpenSSL: these are two subjects, and OpenSSL finds both CAs. */
    @Test
    void debianDirectoryCaDifferingFromABundleCaInNonAsciiCaseIsLookedUpByBoth() throws Exception {
        LayoutRunner cased = new LayoutRunner(work.resolve("cased"), "c")
                .withCa("upper", name(new DERUTF8String("SystemTrust Tests"), new DERUTF8String("SystemTrust Ä Root")))
                .withCa("lower", name(new DERUTF8String("SystemTrust Tests"), new DERUTF8String("SystemTrust ä Root")));
        LayoutRunner.Output output = cased.run("""
                debian_layout upper c
                cp "$S/ca-lower.pem" /etc/ssl/certs/lower.pem
                openssl rehash /etc/ssl/certs
                probe
                openssl_reference
                """);
        assertAgree(output, "c", "lower", "upper");
    }

    /**
     * OpenSSL looks a subject up only under its own hash; a CA copied into {@code /etc/ssl/certs} under a made-up
     * {@code <hash>.0} name (or left behind by a stale link) is never found.
     */
    @Test
    void debianDirectoryCaUnderAnotherSubjectsHashNameIsIgnoredByBoth() throws Exception {
        LayoutRunner misnamed = new LayoutRunner(work.resolve("misnamed"), "a", "c", "x");
        LayoutRunner.Output output = misnamed.run("""
                debian_layout a c
                cp "$S/ca-x.pem" /etc/ssl/certs/0badc0de.0
                probe
                openssl_reference
                """);
        assertAgree(output, "a", "c");
    }

    /**
     * OpenSSL 3 looks the default directory up a second way, through its store loader, which reads DER: a CA stored
     * as DER under its own {@code <hash>.0} name is found.
     */
    @Test
    void debianDirectoryDerCaUnderItsHashNameIsFoundByBoth() throws Exception {
        LayoutRunner der = new LayoutRunner(work.resolve("der"), "a", "c", "x");
        LayoutRunner.Output output = der.run("""
                debian_layout a c
                openssl x509 -in "$S/ca-x.pem" -outform DER \
                  -out /etc/ssl/certs/"$(openssl x509 -hash -noout -in "$S/ca-x.pem")".0
                probe
                openssl_reference
                """);
        assertAgree(output, "a", "c", "x");
    }

    /** CA x as DER under its hash name in /tmp/d1, CA local as PEM in /tmp/d2. */
    private static final String DER_IN_D1_PEM_IN_D2 = """
            mkdir -p /tmp/d1 /tmp/d2
            openssl x509 -in "$S/ca-x.pem" -outform DER \
              -out /tmp/d1/"$(openssl x509 -hash -noout -in "$S/ca-x.pem")".0
            cp "$S/ca-local.pem" /tmp/d2/local.pem
            openssl rehash /tmp/d2
            probe
            openssl_reference
            """;

    /**
     * With {@code SSL_CERT_DIR=d1:d2} the store loader gets the whole value as one path and finds nothing, and the
     * hashed-directory lookup reads PEM only: a DER CA there is never found.
     */
    @Test
    void sslCertDirOfSeveralDirectoriesGivesNoDerCaForBoth() throws Exception {
        LayoutRunner der = new LayoutRunner(work.resolve("der-dirs"), "c", "local", "x");
        LayoutRunner.Output output = der.run(DER_IN_D1_PEM_IN_D2,
                "SSL_CERT_FILE", work.resolve("der-dirs/share/ca-c.pem").toString(), "SSL_CERT_DIR", "/tmp/d1:/tmp/d2");
        assertAgree(output, "c", "local");
    }

    /** The same without a bundle: what makes the DER file unreachable is the directory list, not the bundle. */
    @Test
    void sslCertDirOfSeveralDirectoriesWithoutABundleGivesNoDerCaForBoth() throws Exception {
        LayoutRunner der = new LayoutRunner(work.resolve("der-dirs-only"), "local", "x");
        LayoutRunner.Output output = der.run(DER_IN_D1_PEM_IN_D2,
                "SSL_CERT_FILE", "/nonexistent/ca.pem", "SSL_CERT_DIR", "/tmp/d1:/tmp/d2");
        assertAgree(output, "local");
    }

    /**
     * With {@code SSL_CERT_DIR=d1:d2} OpenSSL looks a subject up in d1 first and stops there when d1 has it: a
     * different CA with that subject in d2, under the same spelling or another, is never used. A subject only d2
     * has is found there.
     */
    @Test
    void sslCertDirStopsAtTheFirstDirectoryThatHasTheSubjectForBoth() throws Exception {
        LayoutRunner twoDirectories = new LayoutRunner(work.resolve("two-directories"), "a", "a-twin", "c")
                .withCa("a-bmp", name(new DERBMPString("SystemTrust Tests"), new DERBMPString("systemtrust distro a")));
        LayoutRunner.Output output = twoDirectories.run("""
                mkdir -p /tmp/d1 /tmp/d2
                cp "$S/ca-a.pem" /tmp/d1/a.pem
                cp "$S/ca-a-twin.pem" "$S/ca-a-bmp.pem" "$S/ca-c.pem" /tmp/d2/
                openssl rehash /tmp/d1 /tmp/d2
                probe
                openssl_reference
                """, "SSL_CERT_FILE", "/nonexistent-bundle.pem", "SSL_CERT_DIR", "/tmp/d1:/tmp/d2");
        assertAgree(output, "a", "c");
    }

    /** A Name of an organization and a common name with the given values, in the order X500Principal writes. */
    private static X500Principal name(ASN1Encodable organization, ASN1Encodable commonName) throws Exception {
        return new X500Principal(new DERSequence(new ASN1Encodable[] {
            new DERSet(new DERSequence(new ASN1Encodable[] {BCStyle.O, organization})),
            new DERSet(new DERSequence(new ASN1Encodable[] {BCStyle.CN, commonName}))}).getEncoded("DER"));
    }

    @Test
    void fedoraBlocklistFromTheAdministratorsPath() throws Exception {
        LayoutRunner.Output output = runner.run("""
                p11_sources /etc/pki/ca-trust/source /usr/share/pki/ca-trust-source
                fedora_extract
                trusted_blocks /etc/pki/tls/certs/ca-bundle.trust.crt
                probe
                openssl_reference -CAfile /etc/pki/tls/certs/ca-bundle.trust.crt -no-CApath
                """);
        assertThat(output.blocks()).as("ca-bundle.trust.crt carries b with a serverAuth reject entry")
                .contains("BLOCK " + runner.fingerprint("b") + " rejects-serverAuth");
        assertAgree(output, "a", "c", "local");
    }

    /**
     * b is both added and blocklisted under {@code /etc/pki/ca-trust/source}. p11-kit 0.24 leaves it out of
     * {@code tls-ca-bundle.pem} but writes it to {@code ca-bundle.trust.crt} with no trust or reject entry, which
     * OpenSSL's rules would read as a trusted self-signed root. Fedora's OpenSSL never opens that file (not a
     * {@code <hash>.N} name in its {@code -CApath}), so SystemTrust must not anchor b through it either.
     */
    @Test
    void fedoraBlocklistBesideTheAnchorStaysDistrusted() throws Exception {
        LayoutRunner.Output output = runner.run("""
                p11_trust_paths /etc/pki/ca-trust/source:/usr/share/pki/ca-trust-source
                mkdir -p /usr/share/pki/ca-trust-source/anchors /etc/pki/ca-trust/source/anchors \\
                    /etc/pki/ca-trust/source/blocklist
                cp "$S/ca-a.pem" "$S/ca-c.pem" /usr/share/pki/ca-trust-source/anchors/
                cp "$S/ca-b.pem" /etc/pki/ca-trust/source/anchors/
                cp "$S/ca-b.pem" /etc/pki/ca-trust/source/blocklist/
                fedora_extract
                trusted_blocks /etc/pki/tls/certs/ca-bundle.trust.crt
                probe
                openssl_reference -CAfile /etc/pki/tls/cert.pem -CApath /etc/pki/tls/certs   # Fedora's defaults
                """);
        assertThat(output.blocks()).as("the p11-kit output this test is about")
                .contains("BLOCK " + runner.fingerprint("b"));
        assertAgree(output, "a", "c");
    }

    @Test
    void archBundleAndHashDirectory() throws Exception {
        LayoutRunner.Output output = runner.run("""
                rm -rf /etc/ssl/certs /etc/ssl/cert.pem
                p11_sources /etc/ca-certificates/trust-source /usr/share/ca-certificates/trust-source
                mkdir -p /etc/ca-certificates/extracted
                server_auth_bundle /etc/ca-certificates/extracted/tls-ca-bundle.pem
                trust extract --format=pem-directory-hash --filter=ca-anchors --purpose=server-auth /etc/ssl/certs
                ln -s /etc/ca-certificates/extracted/tls-ca-bundle.pem /etc/ssl/cert.pem
                ln -s /etc/ca-certificates/extracted/tls-ca-bundle.pem /etc/ssl/certs/ca-certificates.crt
                probe
                openssl_reference -no-CAfile -CApath /etc/ssl/certs
                """);
        assertAgree(output, "a", "c", "local");
    }

    @Test
    void openSuseVarLibBundle() throws Exception {
        LayoutRunner.Output output = runner.run("""
                rm -rf /etc/ssl/certs /etc/ssl/cert.pem
                p11_sources /etc/pki/trust /usr/share/pki/trust   # p11-kit 0.24: blocklist/, once blacklist/
                mkdir -p /var/lib/ca-certificates
                server_auth_bundle /var/lib/ca-certificates/ca-bundle.pem
                probe
                openssl_reference -CAfile /var/lib/ca-certificates/ca-bundle.pem -no-CApath
                """);
        assertAgree(output, "a", "c", "local");
    }

    @Test
    void nixOsTrustedCertificateBundleWithAReject() throws Exception {
        LayoutRunner.Output output = runner.run("""
                rm -rf /etc/ssl/certs/* /etc/ssl/cert.pem
                p11_sources "$S/nix-distrust" "$S/nix-source"
                trust extract --format=openssl-bundle --filter=certificates /etc/ssl/certs/ca-certificates.crt
                trusted_blocks /etc/ssl/certs/ca-certificates.crt
                probe
                openssl_reference -CAfile /etc/ssl/certs/ca-certificates.crt -no-CApath
                """);
        assertThat(output.blocks()).contains("BLOCK " + runner.fingerprint("b") + " rejects-serverAuth");
        assertAgree(output, "a", "c", "local");
    }

    @Test
    void sslCertFileAndDirReplaceTheLayoutForBoth() throws Exception {
        LayoutRunner.Output output = runner.run("""
                debian_layout a
                mkdir -p /tmp/env-dir
                cp "$S/ca-local.pem" /tmp/env-dir/local.pem
                openssl rehash /tmp/env-dir
                probe
                openssl_reference
                """, "SSL_CERT_FILE", work.resolve("share/ca-c.pem").toString(),
                "SSL_CERT_DIR", "/nonexistent:/tmp/env-dir");
        assertAgree(output, "c", "local");
    }

    private static void assertAgree(LayoutRunner.Output output, String... expected) {
        Set<String> names = new TreeSet<>(Set.of(expected));
        assertThat(output.error()).as(output.raw().describe()).isNull();
        assertThat(output.anchors()).as("SystemTrust anchors\n%s", output.raw().stderr()).isEqualTo(names);
        assertThat(output.openSslTrusts()).as("CAs whose server openssl verify accepts").isEqualTo(names);
    }
}
