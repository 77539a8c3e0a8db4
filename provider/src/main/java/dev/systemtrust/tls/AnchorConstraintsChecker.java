package dev.systemtrust.tls;

import dev.systemtrust.spi.DerElements;
import dev.systemtrust.spi.IssuerSignature;
import dev.systemtrust.spi.TrustedCertificate;
import java.io.IOException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Applies what the anchor certificate itself says, which the JDK's PKIX never reads from a trust anchor but
 * OpenSSL, macOS and Windows all enforce: its validity period, its path-length limit and its name constraints
 * (a corporate root restricted to its own domains must not vouch for anyone else's).
 *
 * <p>It runs from the anchor down (reverse order, as {@link java.security.cert.PKIXCertPathValidator} and the
 * final check of path building call it), so the first certificate it sees is the one the anchor issued. Anchors
 * with no such constraints cost a map lookup and a date comparison per path.
 */
final class AnchorConstraintsChecker extends PKIXCertPathChecker {
    private static final String NAME_CONSTRAINTS = "2.5.29.30";

    private final Map<X500Principal, List<X509Certificate>> anchorsBySubject;
    private X509Certificate anchor;
    private int pathLength;
    private X509CertSelector nameConstraints;
    private int nonSelfIssuedAbove;

    AnchorConstraintsChecker(List<TrustedCertificate> anchors) {
        Map<X500Principal, List<X509Certificate>> bySubject = new HashMap<>();
        for (TrustedCertificate trusted : anchors) {
            bySubject.computeIfAbsent(trusted.certificate().getSubjectX500Principal(), subject -> new ArrayList<>())
                    .add(trusted.certificate());
        }
        this.anchorsBySubject = Map.copyOf(bySubject);
    }

    @Override
    public void init(boolean forward) throws CertPathValidatorException {
        if (forward) {
            throw new CertPathValidatorException("the anchor's constraints are checked from the anchor down");
        }
        anchor = null;
        nonSelfIssuedAbove = 0;
    }

    @Override
    public boolean isForwardCheckingSupported() {
        return false;
    }

    @Override
    public Set<String> getSupportedExtensions() {
        return null;
    }

    @Override
    public void check(Certificate certificate, Collection<String> unresolvedCriticalExtensions)
            throws CertPathValidatorException {
        X509Certificate x509 = (X509Certificate) certificate;
        if (anchor == null) {
            startBelow(x509);
        } else if (nonSelfIssuedAbove > pathLength) {
            throw new CertPathValidatorException("the OS anchor " + OsDistrustChecker.name(anchor) + " allows "
                    + pathLength + " intermediate CA certificate(s) below it (its path length constraint), this "
                    + "path has more");
        }
        boolean selfIssued = x509.getSubjectX500Principal().equals(x509.getIssuerX500Principal());
        if (nameConstraints != null && !selfIssued && !nameConstraints.match(x509)) {
            throw new CertPathValidatorException(OsDistrustChecker.name(x509) + " is outside the name constraints "
                    + "of the OS anchor " + OsDistrustChecker.name(anchor));
        }
        if (!selfIssued) {
            nonSelfIssuedAbove++;
        }
    }

    private void startBelow(X509Certificate issued) throws CertPathValidatorException {
        anchor = issuerOf(issued);
        if (anchor == null) {
            throw new CertPathValidatorException("no OS anchor issued " + OsDistrustChecker.name(issued));
        }
        try {
            anchor.checkValidity(new Date());
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new CertPathValidatorException("the OS anchor " + OsDistrustChecker.name(anchor) + " is not valid "
                    + "now (" + anchor.getNotBefore().toInstant() + " to " + anchor.getNotAfter().toInstant() + ")",
                    e);
        }
        int constraint = anchor.getBasicConstraints();
        pathLength = constraint < 0 ? Integer.MAX_VALUE : constraint;
        nameConstraints = nameConstraintsOf(anchor);
    }

    /** The anchor that issued {@code issued}: the only one with its issuer's name, else the one whose key verifies. */
    private X509Certificate issuerOf(X509Certificate issued) {
        List<X509Certificate> candidates = anchorsBySubject.get(issued.getIssuerX500Principal());
        if (candidates == null) {
            return null;
        }
        if (candidates.size() == 1) {
            return candidates.get(0); // the validator has matched it by name and verified the signature with it
        }
        for (X509Certificate candidate : candidates) {
            if (IssuerSignature.issued(candidate, issued)) {
                return candidate; // else another anchor with the same name
            }
        }
        return null;
    }

    private static X509CertSelector nameConstraintsOf(X509Certificate anchor) throws CertPathValidatorException {
        byte[] extension = anchor.getExtensionValue(NAME_CONSTRAINTS);
        if (extension == null) {
            return null;
        }
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setNameConstraints(octetStringContent(extension));
            return selector;
        } catch (IOException | IllegalArgumentException e) {
            throw new CertPathValidatorException("the name constraints of the OS anchor "
                    + OsDistrustChecker.name(anchor) + " cannot be parsed", e);
        }
    }

    /** The value of a DER OCTET STRING ({@code getExtensionValue} wraps the extension's value in one). */
    private static byte[] octetStringContent(byte[] der) throws IOException {
        byte[] content = DerElements.octetStringContent(der);
        if (content == null) {
            throw new IOException("not exactly one DER OCTET STRING");
        }
        return content;
    }
}
