package dev.systemtrust.windows;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.windows.CertificateStores.StoreEntry;
import dev.systemtrust.windows.CertificateStores.StoreListing;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One read of the Windows stores, deciding trust as Windows does for TLS servers: ROOT at every location is a
 * candidate anchor if its enhanced key usage allows serverAuth; anything in Disallowed at any location is
 * distrusted everywhere; CA stores hold intermediates, counted but never anchors.
 */
final class WindowsStoreReading {
    static final String ROOT = "ROOT";
    static final String INTERMEDIATES = "CA";
    static final String DISALLOWED = "Disallowed";

    private final CertificateStores stores;
    private final TrustStoreReport.Builder report;
    private final CertificateFactory factory;
    private int opened;

    WindowsStoreReading(CertificateStores stores, TrustStoreReport.Builder report) {
        this.stores = stores;
        this.report = report;
        try {
            this.factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 CertificateFactory", e);
        }
    }

    /** Reads every store; returns how many could be opened (0 means the native layer is unusable). */
    int read() {
        for (StoreLocation location : StoreLocation.values()) {
            readStore(StoreProvider.SYSTEM_REGISTRY, location, DISALLOWED, Role.DISTRUST);
        }
        for (StoreLocation location : StoreLocation.values()) {
            readStore(StoreProvider.SYSTEM_REGISTRY, location, ROOT, Role.ANCHOR);
        }
        // The registry provider leaves out .AuthRoot: Microsoft's roots, downloaded by Windows as needed.
        readStore(StoreProvider.SYSTEM, StoreLocation.LOCAL_MACHINE, ROOT, Role.ANCHOR);
        for (StoreLocation location : StoreLocation.values()) {
            readStore(StoreProvider.SYSTEM_REGISTRY, location, INTERMEDIATES, Role.INTERMEDIATE);
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
            listing = stores.list(provider, location, storeName);
        } catch (RuntimeException e) {
            report.searched(source, Outcome.FAILED, 0, "listing failed: " + e);
            return;
        }
        if (listing == null) {
            report.searched(source, Outcome.FAILED, 0, "listing returned nothing");
            return;
        }
        switch (listing.status()) {
            case NOT_FOUND:
                report.searched(source, Outcome.ABSENT, 0, "no such store (" + WindowsErrors.describe(listing.errorCode())
                        + ")");
                return;
            case FAILED:
                report.searched(source, Outcome.FAILED, 0, "CertOpenStore failed ("
                        + WindowsErrors.describe(listing.errorCode()) + ")");
                return;
            default:
                opened++;
        }
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
        report.searched(source, Outcome.READ, read, role == Role.INTERMEDIATE ? "intermediates: never anchors" : "");
    }

    private void decide(X509Certificate certificate, StoreEntry entry, String source, Role role) {
        switch (role) {
            case DISTRUST:
                report.exclude(certificate, source, ExclusionReason.DISTRUSTED, "in a Disallowed store");
                break;
            case ANCHOR:
                String refusal = ServerAuthUsage.refusal(entry.usage());
                if (refusal == null) {
                    report.trust(certificate, null, source);
                } else {
                    report.exclude(certificate, source, ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH, refusal);
                }
                break;
            default:
                break;
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
