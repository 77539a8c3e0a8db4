package dev.systemtrust.tls;

import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.ExcludedCertificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Names what the OS distrusts when a chain failed with the JDK's bare "unable to find valid certification path":
 * path building drops a path through a distrusted CA silently, and the OS's distrust of a root or of the CA above
 * the last certificate sent leaves no path at all. Only a distrusted CA that links into the chain (one the server
 * sent that issued the certificate below it, or one that issued a sent certificate) is named; any other failure
 * is left exactly as the JDK reported it, so its TLS alert stays as typed as the JDK made it.
 */
final class DistrustExplanation {
    private static final String NO_PATH = "unable to find valid certification path";

    private DistrustExplanation() {
    }

    static CertificateException of(DistrustList distrust, X509Certificate[] chain, CertificateException failure) {
        if (distrust.isEmpty() || chain == null || chain.length == 0
                || !String.valueOf(failure.getMessage()).contains(NO_PATH)) {
            return failure;
        }
        for (int i = 1; i < chain.length; i++) {
            Optional<String> distrusted = OsDistrustChecker.distrusted(distrust, chain[i]);
            if (distrusted.isPresent() && chain[i - 1].getIssuerX500Principal()
                    .equals(chain[i].getSubjectX500Principal())) {
                return explained(failure, distrusted.get());
            }
        }
        for (X509Certificate certificate : chain) {
            Optional<ExcludedCertificate> issuer = distrust.issuerOf(certificate);
            if (issuer.isPresent()) {
                return explained(failure, "the issuer of " + OsDistrustChecker.name(certificate) + ", "
                        + OsDistrustChecker.name(issuer.get().certificate()) + ", is "
                        + DistrustList.describe(issuer.get().certificate(), issuer.get()));
            }
        }
        return failure;
    }

    private static CertificateException explained(CertificateException failure, String why) {
        return new CertificateException(failure.getMessage() + "; " + why, failure);
    }
}
