package dev.systemtrust.tls;

import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ServerAuthPurpose;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Rejects a certification path through any certificate the OS distrusts, at any depth (an anchor list alone cannot
 * say that: the JDK would accept a chain through a distrusted intermediate, which OpenSSL, macOS and Windows all
 * refuse). For server paths it also rejects a CA whose own extended-key-usage extension excludes TLS servers, as
 * OpenSSL's purpose check, Windows' EKU nesting and Apple's SSL policy do; the JDK checks only the end entity's.
 *
 * <p>Stateless, so path building can use it while it searches and still find another path that avoids a
 * distrusted certificate (a cross-signed CA, say), as the OS verifiers would.
 */
final class OsDistrustChecker extends PKIXCertPathChecker {
    private final DistrustList distrust;
    private final boolean serverPath;

    OsDistrustChecker(DistrustList distrust, boolean serverPath) {
        this.distrust = distrust;
        this.serverPath = serverPath;
    }

    @Override
    public void init(boolean forward) {
    }

    @Override
    public boolean isForwardCheckingSupported() {
        return true;
    }

    @Override
    public Set<String> getSupportedExtensions() {
        return null;
    }

    @Override
    public void check(Certificate certificate, Collection<String> unresolvedCriticalExtensions)
            throws CertPathValidatorException {
        if (!(certificate instanceof X509Certificate x509)) {
            return;
        }
        Optional<String> refusal = refusal(x509);
        if (refusal.isPresent()) {
            throw new CertPathValidatorException(refusal.get());
        }
    }

    private Optional<String> refusal(X509Certificate certificate) {
        Optional<String> distrusted = distrusted(distrust, certificate);
        if (distrusted.isPresent()) {
            return distrusted;
        }
        if (serverPath && certificate.getBasicConstraints() >= 0) {
            Optional<String> purpose = ServerAuthPurpose.refusalByOwnExtension(certificate);
            if (purpose.isPresent()) {
                return Optional.of("CA " + name(certificate) + " may not issue TLS server certificates: "
                        + purpose.get());
            }
        }
        return Optional.empty();
    }

    /**
     * The distrust rule over a chain as the server sent it, for chains an OS verifier accepted: the OS has judged its
     * own path (purposes included), and this keeps a certificate the OS store distrusts from passing in any
     * position, whatever path the OS chose.
     */
    static void checkSentChain(DistrustList distrust, X509Certificate[] chain) throws CertificateException {
        for (X509Certificate certificate : chain) {
            Optional<String> distrusted = distrusted(distrust, certificate);
            if (distrusted.isPresent()) {
                throw new CertificateException(distrusted.get());
            }
        }
    }

    /** "&lt;name&gt; is distrusted by the OS: ..." when {@code distrust} matches {@code certificate}. */
    static Optional<String> distrusted(DistrustList distrust, X509Certificate certificate) {
        Optional<ExcludedCertificate> entry = distrust.match(certificate);
        return entry.isEmpty() ? Optional.empty()
                : Optional.of(name(certificate) + " is " + DistrustList.describe(certificate, entry.get()));
    }

    static String name(X509Certificate certificate) {
        return "\"" + certificate.getSubjectX500Principal().getName() + "\"";
    }
}
