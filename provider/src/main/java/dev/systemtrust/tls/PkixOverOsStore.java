package dev.systemtrust.tls;

import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.IntermediateCertificate;
import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's own PKIX trust manager over one read of the OS store: its anchors as trust anchors, its intermediates
 * offered to path building (never as anchors), and its distrust enforced on every certificate of the path
 * ({@link OsDistrustChecker}), and the anchors' own validity, path length and name constraints applied
 * ({@link AnchorConstraintsChecker}). Everything else (host names, algorithm constraints, the end entity's key
 * usage, revocation as {@code com.sun.net.ssl.checkRevocation} asks) is the JDK's, unchanged.
 *
 * @param report   the read it was built from
 * @param distrust what that read distrusts
 * @param server   for server chains
 * @param client   for client chains: the same without the server-purpose rule for CAs
 */
record PkixOverOsStore(TrustStoreReport report, DistrustList distrust, X509ExtendedTrustManager server,
        X509ExtendedTrustManager client) {

    static PkixOverOsStore of(TrustStoreReport report) throws GeneralSecurityException {
        DistrustList distrust = report.distrust();
        List<TrustedCertificate> usable = usableAnchors(report, distrust);
        Set<TrustAnchor> anchors = new HashSet<>();
        for (TrustedCertificate anchor : usable) {
            anchors.add(new TrustAnchor(anchor.certificate(), null));
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (IntermediateCertificate intermediate : report.intermediates()) {
            intermediates.add(intermediate.certificate());
        }
        CertStore intermediateStore = intermediates.isEmpty() ? null
                : CertStore.getInstance("Collection", new CollectionCertStoreParameters(intermediates));
        // One of each for both: the JDK copies the anchors and clones the checkers for every validation.
        AnchorConstraintsChecker constraints = new AnchorConstraintsChecker(usable);
        return new PkixOverOsStore(report, distrust,
                trustManager(anchors, intermediateStore, new OsDistrustChecker(distrust, true), constraints),
                trustManager(anchors, intermediateStore, new OsDistrustChecker(distrust, false), constraints));
    }

    /** The same delegates for a newer read that decides alike. */
    PkixOverOsStore readAgain(TrustStoreReport newer) {
        return new PkixOverOsStore(newer, distrust, server, client);
    }

    /**
     * The report's anchors, again without any the OS distrusts or whose own EKU excludes TLS servers: the report
     * builder already applies both rules, but a report can be made without it, and an anchor is never checked.
     */
    private static List<TrustedCertificate> usableAnchors(TrustStoreReport report, DistrustList distrust) {
        List<TrustedCertificate> usable = new ArrayList<>();
        for (TrustedCertificate anchor : report.anchors()) {
            if (distrust.match(anchor.certificate()).isEmpty()
                    && ServerAuthPurpose.refusalByOwnExtension(anchor.certificate()).isEmpty()) {
                usable.add(anchor);
            }
        }
        return usable;
    }

    /** The anchors, intermediates and distrust of the two reads are the same: no need to rebuild. */
    boolean decidesAlike(TrustStoreReport other) {
        return report.anchors().equals(other.anchors()) && report.intermediates().equals(other.intermediates())
                && report.excluded().equals(other.excluded());
    }

    private static X509ExtendedTrustManager trustManager(Set<TrustAnchor> anchors, CertStore intermediates,
            OsDistrustChecker distrust, AnchorConstraintsChecker constraints) throws GeneralSecurityException {
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
        if (intermediates != null) {
            parameters.addCertStore(intermediates);
        }
        parameters.addCertPathChecker(distrust);
        parameters.addCertPathChecker(constraints);
        // As the JDK's default trust manager: no revocation checking unless the application turned it on.
        parameters.setRevocationEnabled(Boolean.getBoolean("com.sun.net.ssl.checkRevocation"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(new CertPathTrustManagerParameters(parameters));
        return onlyTrustManager(factory.getTrustManagers());
    }

    /** PKIX over a KeyStore of the caller's, exactly as the JDK's own factory makes it. */
    static TrustManager[] overKeyStore(KeyStore keyStore) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(keyStore);
        return factory.getTrustManagers();
    }

    static X509ExtendedTrustManager onlyTrustManager(TrustManager[] managers) {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("the JDK's PKIX TrustManagerFactory made no X509ExtendedTrustManager");
    }
}
