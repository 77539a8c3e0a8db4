package dev.systemtrust.windows;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.windows.CertificateStores.StoreEntry;
import dev.systemtrust.windows.CertificateStores.StoreListing;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One read of the Windows stores, deciding trust as Windows does for TLS servers: ROOT at every location is a
 * candidate anchor if its enhanced key usage allows serverAuth ({@link WindowsEkuRule}) and Microsoft has not
 * restricted it ({@link PartialDistrustRule}); anything in Disallowed at any location is distrusted everywhere; CA
 * stores hold intermediates for path building, never anchors. A root Microsoft restricts by date is kept out of
 * the anchors even when another store lists it without the restriction: the restriction is the root program's
 * statement about the certificate, not one store's setting.
 *
 * <p>A ROOT or CA store that cannot be read costs only its own certificates. A Disallowed store that exists but
 * cannot be read completely fails the whole read: a store read without that distrust would trust what Windows
 * refuses, and whoever holds an earlier read (a live trust manager) keeps it only when a read fails.
 */
final class WindowsStoreReading {
    static final String ROOT = "ROOT";
    static final String INTERMEDIATES = "CA";
    static final String DISALLOWED = "Disallowed";

    private final CertificateStores stores;
    private final TrustStoreReport.Builder report;
    private final Instant now;
    private final CertificateFactory factory;
    private final List<Candidate> candidates = new ArrayList<>();
    private final Set<X509Certificate> restricted = new HashSet<>();
    private final List<String> unreadDistrust = new ArrayList<>();
    private int opened;

    private record Candidate(X509Certificate certificate, String source) {
    }

    WindowsStoreReading(CertificateStores stores, TrustStoreReport.Builder report, Instant now) {
        this.stores = stores;
        this.report = report;
        this.now = now;
        try {
            this.factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }

    /**
     * Reads every store; returns how many could be opened (0 means the native layer is unusable).
     *
     * @throws TrustStoreException when a Disallowed store exists but could not be read completely
     */
    int read() throws TrustStoreException {
        for (StoreLocation location : StoreLocation.values()) {
            readStore(StoreProvider.SYSTEM_REGISTRY, location, DISALLOWED, Role.DISTRUST);
        }
        if (!unreadDistrust.isEmpty()) {
            throw new TrustStoreException("cannot read what Windows distrusts: "
                    + String.join("; ", unreadDistrust) + ". Without it, certificates Windows refuses would be "
                    + "trusted, so no trust store is read (nor SunMSCAPI's, which applies no Disallowed store). "
                    + "Check that this account may read the store: `certutil -store disallowed` (LOCAL_MACHINE), "
                    + "`certutil -user -store disallowed` (CURRENT_USER)");
        }
        for (StoreLocation location : StoreLocation.values()) {
            readStore(StoreProvider.SYSTEM_REGISTRY, location, ROOT, Role.ANCHOR);
        }
        // The registry provider leaves out .AuthRoot: Microsoft's roots, downloaded by Windows as needed.
        readStore(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, ROOT, Role.ANCHOR);
        for (StoreLocation location : StoreLocation.values()) {
            readStore(StoreProvider.SYSTEM_REGISTRY, location, INTERMEDIATES, Role.INTERMEDIATE);
        }
        for (Candidate candidate : candidates) {
            if (!restricted.contains(candidate.certificate())) {
                report.trust(candidate.certificate(), null, candidate.source());
            }
        }
        return opened;
    }

    private enum Role { ANCHOR, INTERMEDIATE, DISTRUST }

    static String describe(StoreProvider provider, StoreLocation location, String storeName) {
        return location + "\\" + storeName + " (" + provider.label() + ")";
    }

    private void readStore(StoreProvider provider, StoreLocation location, String storeName, Role role) {
        String source = describe(provider, location, storeName);
        StoreListing listing;
        try {
            listing = stores.list(provider, location, storeName, role == Role.ANCHOR);
        } catch (RuntimeException e) {
            failed(source, 0, "listing failed: " + e, role);
            return;
        }
        if (listing == null) {
            failed(source, 0, "listing returned nothing", role);
            return;
        }
        if (!listing.opened()) {
            if (WindowsErrors.meansAbsentStore(listing.openError())) {
                report.searched(source, Outcome.ABSENT, 0, "no such store ("
                        + WindowsErrors.describe(listing.openError()) + ")");
            } else {
                failed(source, 0, "CertOpenStore failed (" + WindowsErrors.describe(listing.openError()) + ")", role);
            }
            return;
        }
        opened++;
        List<StoreEntry> entries = listing.entries();
        int read = 0;
        for (int i = 0; i < entries.size(); i++) {
            X509Certificate certificate = parse(entries.get(i).der(), source + " #" + (i + 1));
            if (certificate == null) {
                continue;
            }
            read++;
            decide(certificate, entries.get(i), source, role);
        }
        if (!WindowsErrors.meansEndOfStore(listing.endError())) {
            // The certificates before the error still count (distrust especially); the rest of the store is unknown.
            failed(source, read, "CertEnumCertificatesInStore failed after " + entries.size() + " certificates ("
                    + WindowsErrors.describe(listing.endError()) + "): the rest of this store was not read", role);
            return;
        }
        report.searched(source, Outcome.READ, read, role == Role.INTERMEDIATE ? "intermediates: never anchors" : "");
    }

    /** A store that exists but could not be read: the others still count, unless it is a Disallowed store. */
    private void failed(String source, int read, String detail, Role role) {
        report.searched(source, Outcome.FAILED, read, detail);
        if (role == Role.DISTRUST) {
            unreadDistrust.add(source + ": " + detail);
        }
    }

    private void decide(X509Certificate certificate, StoreEntry entry, String source, Role role) {
        switch (role) {
            case DISTRUST:
                report.exclude(certificate, source, ExclusionReason.DISTRUSTED, "in a Disallowed store");
                break;
            case INTERMEDIATE:
                report.intermediate(certificate, source);
                break;
            case ANCHOR:
                decideAnchor(certificate, entry, source);
                break;
            default:
                throw new IllegalStateException("unknown role " + role);
        }
    }

    private void decideAnchor(X509Certificate certificate, StoreEntry entry, String source) {
        PartialDistrustRule.Verdict microsoft = PartialDistrustRule.decide(entry.properties(), now);
        switch (microsoft.kind()) {
            case DISTRUSTED:
                report.exclude(certificate, source, ExclusionReason.DISTRUSTED, microsoft.detail());
                return;
            case RESTRICTED:
                restricted.add(certificate);
                report.exclude(certificate, source, ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH, microsoft.detail());
                return;
            default:
                break;
        }
        Optional<String> refusal = WindowsEkuRule.refusal(entry.usage());
        if (refusal.isPresent()) {
            report.exclude(certificate, source, ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH, refusal.get());
        } else {
            candidates.add(new Candidate(certificate, source));
        }
    }

    private X509Certificate parse(byte[] der, String position) {
        try {
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            report.skip(position, "not a valid X.509 certificate: " + e.getMessage());
            return null;
        }
    }
}
