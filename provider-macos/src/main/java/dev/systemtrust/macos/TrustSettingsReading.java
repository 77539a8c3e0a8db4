package dev.systemtrust.macos;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One read of the macOS trust settings through a {@link TrustSettingsSource}: enumerates the three domains and
 * the system roots keychain, then decides each distinct certificate once, User before Admin before System.
 *
 * <p>Trust-settings lookups can take seconds on managed Macs, so each certificate is looked up at most once
 * per domain per read (candidates are deduplicated by DER before any lookup, and the walk stops at the first
 * deciding domain). Nothing is cached across reads: a later {@code KeyStore.load} must see changed settings.
 */
final class TrustSettingsReading {
    private static final System.Logger LOG = System.getLogger("dev.systemtrust.macos");
    static final String SYSTEM_ROOTS_LOCATION = "system roots keychain " + TrustSettingsSource.SYSTEM_ROOTS_KEYCHAIN;
    private static final long SLOW_LOOKUPS_MILLIS = 2_000;

    private final TrustSettingsSource source;
    private final TrustStoreReport.Builder report;
    private final CertificateFactory x509;
    private final Map<X509Certificate, Candidate> candidates = new LinkedHashMap<>();
    private final List<String> listingFailures = new ArrayList<>();
    private int listingsRead;
    private int lookups;

    /** Whether the native path produced a usable answer, and if not, why. */
    record Outcome(boolean usable, String failure) {
    }

    /** A distinct certificate, with whether the system (System domain or system roots keychain) lists it. */
    private static final class Candidate {
        final X509Certificate certificate;
        final byte[] der;
        final String firstLocation;
        String systemLocation;

        Candidate(X509Certificate certificate, byte[] der, String firstLocation) {
            this.certificate = certificate;
            this.der = der;
            this.firstLocation = firstLocation;
        }
    }

    TrustSettingsReading(TrustSettingsSource source, TrustStoreReport.Builder report) {
        this.source = source;
        this.report = report;
        try {
            this.x509 = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("every JDK has an X.509 CertificateFactory", e);
        }
    }

    Outcome read() {
        for (TrustSettingsDomain domain : TrustSettingsDomain.values()) {
            collect(domain.location(), source.certificates(domain), domain == TrustSettingsDomain.SYSTEM);
        }
        collect(SYSTEM_ROOTS_LOCATION, source.systemRootCertificates(), true);
        if (listingsRead == 0) {
            return new Outcome(false, "no certificate source could be read: " + String.join("; ", listingFailures));
        }
        long start = System.nanoTime();
        int failed = 0;
        for (Candidate candidate : candidates.values()) {
            if (!decide(candidate)) {
                failed++;
            }
        }
        logTiming(System.nanoTime() - start);
        if (failed > 0 && failed == candidates.size()) {
            return new Outcome(false, "the trust settings of all " + failed + " certificates could not be read");
        }
        return new Outcome(true, "");
    }

    private void collect(String location, CertificateListing listing, boolean systemListed) {
        if (listing == null) {
            fail(location, "returned nothing");
            return;
        }
        if (listing.status() == OsStatus.NO_TRUST_SETTINGS || listing.status() == OsStatus.ITEM_NOT_FOUND) {
            listingsRead++;
            report.searched(location, SearchedLocation.Outcome.READ, 0,
                    "no certificates (" + OsStatus.describe(listing.status()) + ")");
            return;
        }
        if (listing.status() != OsStatus.SUCCESS) {
            fail(location, OsStatus.describe(listing.status()));
            return;
        }
        if (listing.certificates() == null) {
            fail(location, "reported success but returned NULL");
            return;
        }
        listingsRead++;
        int unusable = 0;
        for (int i = 0; i < listing.certificates().size(); i++) {
            byte[] der = listing.certificates().get(i);
            X509Certificate certificate = parse(location + " #" + i, der);
            if (certificate == null) {
                unusable++;
                continue;
            }
            Candidate candidate = candidates.computeIfAbsent(certificate, c -> new Candidate(c, der, location));
            if (systemListed && candidate.systemLocation == null) {
                candidate.systemLocation = location;
            }
        }
        int listed = listing.certificates().size();
        report.searched(location, SearchedLocation.Outcome.READ, listed,
                unusable == 0 ? "" : unusable + " of " + listed + " unusable (see skipped)");
    }

    private void fail(String location, String why) {
        listingFailures.add(location + ": " + why);
        LOG.log(System.Logger.Level.WARNING, "SystemTrust could not read {0}: {1}; continuing with the others",
                location, why);
        report.searched(location, SearchedLocation.Outcome.FAILED, 0, why);
        report.skip(location, why);
    }

    private X509Certificate parse(String where, byte[] der) {
        if (der == null) {
            report.skip(where, "certificate data unavailable (SecCertificateCopyData returned NULL)");
            return null;
        }
        try {
            return (X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            report.skip(where, "unparsable certificate: " + e.getMessage());
            return null;
        }
    }

    /** Decides one certificate; false when its trust settings could not be read. */
    private boolean decide(Candidate candidate) {
        X509Certificate certificate = candidate.certificate;
        boolean selfIssued = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
        boolean systemHasNoOrEmptySettings = false;
        boolean restricted = false;
        List<String> notes = new ArrayList<>();
        for (TrustSettingsDomain domain : TrustSettingsDomain.values()) {
            TrustSettingsLookup lookup;
            lookups++;
            try {
                lookup = source.trustSettings(candidate.der, domain);
            } catch (RuntimeException e) {
                return lookupFailed(candidate, domain, e.toString());
            }
            if (lookup == null) {
                return lookupFailed(candidate, domain, "returned nothing");
            }
            boolean none = OsStatus.meansNoSettings(lookup.status())
                    || (lookup.status() == OsStatus.SUCCESS && lookup.entries() == null);
            if (none) {
                systemHasNoOrEmptySettings |= domain == TrustSettingsDomain.SYSTEM;
                continue;
            }
            if (lookup.status() != OsStatus.SUCCESS) {
                return lookupFailed(candidate, domain, OsStatus.describe(lookup.status()));
            }
            systemHasNoOrEmptySettings |= domain == TrustSettingsDomain.SYSTEM && lookup.entries().isEmpty();
            DomainVerdict verdict = TrustSettingsRules.decide(lookup.entries(), selfIssued);
            switch (verdict.kind()) {
                case TRUSTED:
                    report.trust(certificate, null, domain.location());
                    return true;
                case DISTRUSTED:
                    report.exclude(certificate, domain.location(), ExclusionReason.DISTRUSTED, verdict.detail());
                    return true;
                default:
                    notes.add(domain.name() + ": " + verdict.detail());
                    restricted |= verdict.restricted();
            }
        }
        if (candidate.systemLocation != null && systemHasNoOrEmptySettings) {
            report.trust(certificate, null, candidate.systemLocation);
        } else if (restricted) {
            report.exclude(certificate, candidate.firstLocation, ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH,
                    String.join("; ", notes));
        } else {
            report.exclude(certificate, candidate.firstLocation, ExclusionReason.NO_TRUST_DECISION,
                    notes.isEmpty() ? "no trust settings in any domain" : String.join("; ", notes));
        }
        return true;
    }

    /**
     * A certificate whose settings cannot be read is not an anchor: a corrupted record might have held a Deny,
     * and a lower domain's trust must not stand in for it.
     */
    private boolean lookupFailed(Candidate candidate, TrustSettingsDomain domain, String why) {
        String subject = candidate.certificate.getSubjectX500Principal().getName();
        LOG.log(System.Logger.Level.WARNING, "SystemTrust skips {0}: its {1} trust settings could not be read: {2}",
                subject, domain.name(), why);
        report.skip(domain.location() + ": " + subject, "trust settings unreadable, " + why
                + "; not used as an anchor");
        return false;
    }

    private void logTiming(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        System.Logger.Level level = millis >= SLOW_LOOKUPS_MILLIS ? System.Logger.Level.INFO
                : System.Logger.Level.DEBUG;
        LOG.log(level, "SystemTrust: {0} trust-settings lookups for {1} certificates took {2} ms",
                lookups, candidates.size(), millis);
    }
}
