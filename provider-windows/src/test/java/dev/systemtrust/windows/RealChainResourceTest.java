package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The real chain {@link WindowsRealStoreSmokeTest} hands to Windows is what it claims, checked on every OS with the
 * JDK's own PKIX and the JDK's ISRG Root X1: a TLS server chain valid at the fixed time, for its host name.
 */
class RealChainResourceTest {
    private static final String ISRG_ROOT_X1_SHA256 =
            "96BCEC06264976F37460779ACF28C5A7CFE8A3C0AAE11A8FFCEE05C0BDDF08C6";

    @Test
    void theSmokeTestsRealChainIsValidAtItsFixedTimeUnderIsrgRootX1() throws Exception {
        List<X509Certificate> chain;
        try (InputStream pem = getClass().getResourceAsStream("tracker.mywaifu.best-2023.pem")) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(pem).stream()
                    .map(X509Certificate.class::cast).toList();
        }
        KeyStore cacerts = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                .toFile(), (char[]) null);
        X509Certificate isrgRootX1 = null;
        for (String alias : java.util.Collections.list(cacerts.aliases())) {
            X509Certificate candidate = (X509Certificate) cacerts.getCertificate(alias);
            if (ISRG_ROOT_X1_SHA256.equals(HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(candidate.getEncoded())))) {
                isrgRootX1 = candidate;
            }
        }
        assertThat(isrgRootX1).as("ISRG Root X1 in the JDK's cacerts").isNotNull();
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(isrgRootX1, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(Instant.parse("2023-06-01T12:00:00Z")));

        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(chain), parameters);

        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubjectAlternativeNames()).containsExactly(List.of(2, "tracker.mywaifu.best"));
        assertThat(chain.get(0).getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }
}
