package dev.systemtrust.tls;

import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.ExcludedCertificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Names what the OS distrusts when a chain failed only with the JDK's "unable to find valid certification path":
 * the OS's distrust of a root (or of the CA above the last certificate sent) leaves no path, and nothing in the
 * JDK's message says why. A failure that already names the distrust, or has nothing to do with it, is left as is.
 */
final class DistrustExplanation {
    private DistrustExplanation() {
    }

    static CertificateException of(DistrustList distrust, X509Certificate[] chain, CertificateException failure) {
        if (distrust.isEmpty() || chain == null || chain.length == 0 || String.valueOf(failure.getMessage())
                .contains("distrusted by the OS")) {
            return failure;
        }
        for (X509Certificate certificate : chain) {
            Optional<ExcludedCertificate> distrusted = distrust.match(certificate);
            if (distrusted.isPresent()) {
                return explained(failure, OsDistrustChecker.name(certificate) + " is "
                        + DistrustList.describe(certificate, distrusted.get()));
            }
        }
        for (X509Certificate certificate : chain) {
            Optional<ExcludedCertificate> issuer = distrust.issuerOf(certificate);
            if (issuer.isPresent()) {
                return explained(failure, "its issuer " + OsDistrustChecker.name(issuer.get().certificate()) + " is "
                        + DistrustList.describe(issuer.get().certificate(), issuer.get()));
            }
        }
        return failure;
    }

    private static CertificateException explained(CertificateException failure, String why) {
        return new CertificateException(failure.getMessage() + "; " + why, failure);
    }
}
