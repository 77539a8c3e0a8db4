package dev.systemtrust.macos;

import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IssuerSignature;
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
 * One read of the macOS trust settings through a {@link TrustSettingsSource}: lists the certificates of the User,
 * Admin and System domains, decides each distinct certificate once, then adds the keychains' CA certificates as
 * intermediates.
 *
 * <p>Which settings apply to a certificate is decided as trustd does since macOS 11
 * ({@code SecLegacyAnchorSourceCopyUsageConstraints}, trust/trustd/SecCertificateSource.c): the Admin domain's
 * array when it has one (admin settings overrule user settings), otherwise the User domain's, otherwise, for a
 * certificate the System domain lists, the System domain's (none there means Apple's unconstrained trust). Only that
 * one array decides ({@link TrustSettingsRules}); there is no fall-through to another domain. Where the Admin
 * domain's settings exist but cannot be read, trustd uses the User domain's; here the User domain's may then only
 * distrust (a Deny is honoured), never grant trust, and System is not consulted: the lost Admin record might have
 * held a Deny.
 *
 * <p>System roots are exactly what {@code SecTrustSettingsCopyCertificates(System)} returns: Security.framework
 * builds that list from the system trust settings and drops certificates that fail a basic X.509 evaluation, so
 * reading {@code SystemRootCertificates.keychain} directly could add roots Apple does not use.
 *
 * <p>A trust-settings call answering errSecIO (its request to trustd timed out) is retried once; a second errSecIO
 * fails that domain or certificate, named in the report.
 *
 * <p>Trust-settings lookups can take seconds on managed Macs, so each certificate is looked up at most once per
 * domain per read, and only in the domains its decision needs. Nothing is cached across reads: a later
 * {@code KeyStore.load} must see changed settings.
 */
final class TrustSettingsReading {
    private static final System.Logger LOG = System.getLogger("dev.systemtrust.macos");
    static final String KEYCHAINS_LOCATION = "macOS keychains (default search list: login and System keychains)";
    private static final long SLOW_LOOKUPS_MILLIS = 2_000;

    private final TrustSettingsSource source;
    private final TrustStoreReport.Builder report;
    private final CertificateFactory x509;
    private final Map<X509Certificate, Candidate> candidates = new LinkedHashMap<>();
    private final List<String> listingFailures = new ArrayList<>();
    private String firstLookupFailure;
    private int domainsRead;
    private int lookups;

    /** Whether the native path produced a usable answer, and if not, why. */
    record Outcome(boolean usable, String failure) {
    }

    /** A distinct certificate listed by a trust-settings domain. */
    private static final class Candidate {
        final X509Certificate certificate;
        final byte[] der;
        final String firstLocation;
        boolean systemListed;
        private Boolean selfSigned;

        Candidate(X509Certificate certificate, byte[] der, String firstLocation) {
            this.certificate = certificate;
            this.der = der;
            this.firstLocation = firstLocation;
        }

        boolean selfSigned() {
            if (selfSigned == null) {
                selfSigned = IssuerSignature.selfSigned(certificate);
            }
            return selfSigned;
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
            collect(domain);
        }
        if (domainsRead == 0) {
            return new Outcome(false, "no trust-settings domain could be read: "
                    + String.join("; ", listingFailures));
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
            return new Outcome(false, "the trust settings of all " + failed + " certificates could not be read (first: "
                    + firstLookupFailure + ")");
        }
        addKeychainIntermediates();
        return new Outcome(true, "");
    }

    private void collect(TrustSettingsDomain domain) {
        String location = domain.location();
        CertificateListing listing = source.certificates(domain);
        if (listing != null && listing.status() == OsStatus.IO) {
            listing = source.certificates(domain);
            if (listing != null && listing.status() == OsStatus.IO) {
                fail(location, OsStatus.describe(OsStatus.IO) + ", again after one retry");
                return;
            }
        }
        List<X509Certificate> certificates = certificates(location, listing);
        if (certificates == null) {
            return;
        }
        domainsRead++;
        for (X509Certificate certificate : certificates) {
            Candidate candidate = candidates.get(certificate);
            if (candidate == null) {
                candidate = new Candidate(certificate, der(certificate), location);
                candidates.put(certificate, candidate);
            }
            candidate.systemListed |= domain == TrustSettingsDomain.SYSTEM;
        }
    }

    /** The parsed certificates of a listing, with its searched entry reported; {@code null} when it failed. */
    private List<X509Certificate> certificates(String location, CertificateListing listing) {
        if (listing == null) {
            fail(location, "returned nothing");
            return null;
        }
        if (OsStatus.meansNoSettings(listing.status())) {
            report.searched(location, SearchedLocation.Outcome.READ, 0,
                    "no certificates (" + OsStatus.describe(listing.status()) + ")");
            return List.of();
        }
        if (listing.status() != OsStatus.SUCCESS) {
            fail(location, OsStatus.describe(listing.status()));
            return null;
        }
        if (listing.certificates() == null) {
            fail(location, "reported success but returned NULL");
            return null;
        }
        List<X509Certificate> parsed = new ArrayList<>();
        int listed = listing.certificates().size();
        for (int i = 0; i < listed; i++) {
            X509Certificate certificate = parse(location + " #" + i, listing.certificates().get(i));
            if (certificate != null) {
                parsed.add(certificate);
            }
        }
        int unusable = listed - parsed.size();
        report.searched(location, SearchedLocation.Outcome.READ, listed,
                unusable == 0 ? "" : unusable + " of " + listed + " unusable (see skipped)");
        return parsed;
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
        Applicable applicable = applicableSettings(candidate);
        if (applicable.adminFailure() != null) {
            return adminUnreadable(candidate, applicable.adminFailure());
        }
        if (applicable.failure() != null) {
            return lookupFailed(candidate, applicable.failure());
        }
        X509Certificate certificate = candidate.certificate;
        if (applicable.entries() == null) {
            report.exclude(certificate, candidate.firstLocation, ExclusionReason.NO_TRUST_DECISION,
                    "no trust settings in the Admin or User domain, and not a System root");
            addIntermediateIfCa(candidate, candidate.firstLocation);
            return true;
        }
        DomainVerdict verdict = TrustSettingsRules.decide(applicable.entries(), candidate::selfSigned);
        switch (verdict.kind()) {
            case TRUSTED:
                report.trust(certificate, null, applicable.location());
                return true;
            case DISTRUSTED:
                report.exclude(certificate, applicable.location(), ExclusionReason.DISTRUSTED, verdict.detail());
                return true;
            default:
                report.exclude(certificate, applicable.location(), verdict.reason(), verdict.detail());
                addIntermediateIfCa(candidate, applicable.location());
                return true;
        }
    }

    /**
     * The Admin domain's settings exist but cannot be read. trustd then uses the User domain's; here the User
     * domain's may only distrust: the unreadable Admin record might have held a Deny (or narrower trust), so
     * neither User nor System may grant trust in its place. Counted as a failed lookup either way.
     */
    private boolean adminUnreadable(Candidate candidate, String adminFailure) {
        Answer user = lookup(candidate, TrustSettingsDomain.USER);
        if (user.entries() != null) {
            DomainVerdict verdict = TrustSettingsRules.decide(user.entries(), candidate::selfSigned);
            if (verdict.kind() == DomainVerdict.Kind.DISTRUSTED) {
                noteFailure(adminFailure);
                LOG.log(System.Logger.Level.WARNING, "SystemTrust could not read the Admin trust settings of {0} "
                        + "({1}); the User domain''s Deny is honoured", subject(candidate), adminFailure);
                report.exclude(candidate.certificate, TrustSettingsDomain.USER.location(), ExclusionReason.DISTRUSTED,
                        verdict.detail() + " (the Admin domain's settings, which would decide, could not be read: "
                                + adminFailure + ")");
                return false;
            }
        }
        String userPart = user.failure() != null ? "; " + user.failure()
                : user.entries() != null ? "; the User domain's settings do not distrust it and may not grant "
                        + "trust in the Admin domain's place" : "";
        return lookupFailed(candidate, adminFailure + userPart);
    }

    /** The array that decides, where it came from, or why it cannot be known. */
    private record Applicable(List<UsageConstraints> entries, String location, String failure, String adminFailure) {
        static Applicable failed(String failure) {
            return new Applicable(null, null, failure, null);
        }
    }

    /** Admin's array if it has one, else User's, else (for a System root) System's; no array: entries null. */
    private Applicable applicableSettings(Candidate candidate) {
        Answer admin = lookup(candidate, TrustSettingsDomain.ADMIN);
        if (admin.failure() != null) {
            return new Applicable(null, null, null, admin.failure());
        }
        if (admin.entries() != null) {
            return new Applicable(admin.entries(), TrustSettingsDomain.ADMIN.location(), null, null);
        }
        Answer user = lookup(candidate, TrustSettingsDomain.USER);
        if (user.failure() != null) {
            return Applicable.failed(user.failure());
        }
        if (user.entries() != null) {
            return new Applicable(user.entries(), TrustSettingsDomain.USER.location(), null, null);
        }
        if (!candidate.systemListed) {
            return new Applicable(null, null, null, null);
        }
        Answer system = lookup(candidate, TrustSettingsDomain.SYSTEM);
        if (system.failure() != null) {
            return Applicable.failed(system.failure());
        }
        // A System root without its own settings has Apple's unconstrained trust: an empty array.
        return new Applicable(system.entries() == null ? List.of() : system.entries(),
                TrustSettingsDomain.SYSTEM.location(), null, null);
    }

    /** One domain's answer for a certificate: its array, none ({@code entries} null), or why there is no answer. */
    private record Answer(List<UsageConstraints> entries, String failure) {
    }

    private Answer lookup(Candidate candidate, TrustSettingsDomain domain) {
        TrustSettingsLookup lookup;
        try {
            lookups++;
            lookup = source.trustSettings(candidate.der, domain);
            if (isIo(lookup)) {
                lookups++;
                lookup = source.trustSettings(candidate.der, domain);
                if (isIo(lookup)) {
                    return new Answer(null, domain.location() + ": " + OsStatus.describe(OsStatus.IO)
                            + ", again after one retry");
                }
            }
        } catch (RuntimeException e) {
            return new Answer(null, domain.location() + ": " + e);
        }
        if (lookup instanceof TrustSettingsLookup.Settings settings) {
            return new Answer(settings.entries(), null);
        }
        if (lookup instanceof TrustSettingsLookup.NullSettings) {
            return new Answer(null, null);
        }
        if (lookup instanceof TrustSettingsLookup.Failed failed) {
            return OsStatus.meansNoSettings(failed.status()) ? new Answer(null, null)
                    : new Answer(null, domain.location() + ": " + OsStatus.describe(failed.status()));
        }
        if (lookup instanceof TrustSettingsLookup.NotAnArray) {
            return new Answer(null, domain.location() + ": SecTrustSettingsCopyTrustSettings returned something "
                    + "other than a CFArray (a corrupted record)");
        }
        if (lookup instanceof TrustSettingsLookup.CertificateNotCreated) {
            return new Answer(null, domain.location() + ": Security.framework refused the certificate's DER "
                    + "(SecCertificateCreateWithData returned NULL)");
        }
        return new Answer(null, domain.location() + ": returned nothing");
    }

    private static boolean isIo(TrustSettingsLookup lookup) {
        return lookup instanceof TrustSettingsLookup.Failed failed && failed.status() == OsStatus.IO;
    }

    /**
     * A certificate whose applicable settings cannot be read is not an anchor: a corrupted record might have held a
     * Deny, and a lower domain's trust must not stand in for it.
     */
    private boolean lookupFailed(Candidate candidate, String why) {
        String subject = subject(candidate);
        noteFailure(why);
        LOG.log(System.Logger.Level.WARNING, "SystemTrust skips {0}: its trust settings could not be read: {1}",
                subject, why);
        report.skip(candidate.firstLocation + ": " + subject, "trust settings unreadable, " + why
                + "; not used as an anchor");
        return false;
    }

    private void noteFailure(String why) {
        if (firstLookupFailure == null) {
            firstLookupFailure = why;
        }
    }

    private static String subject(Candidate candidate) {
        return candidate.certificate.getSubjectX500Principal().getName();
    }

    private void addIntermediateIfCa(Candidate candidate, String location) {
        if (candidate.certificate.getBasicConstraints() >= 0 && !candidate.selfSigned()) {
            report.intermediate(candidate.certificate, location);
        }
    }

    /**
     * The keychains' CA certificates that are not roots, for building chains (macOS finds intermediates there too).
     * A failure here costs only those intermediates, never the anchors.
     */
    private void addKeychainIntermediates() {
        CertificateListing listing;
        try {
            listing = source.keychainCertificates();
        } catch (RuntimeException e) {
            fail(KEYCHAINS_LOCATION, e.toString());
            return;
        }
        List<X509Certificate> certificates = certificates(KEYCHAINS_LOCATION, listing);
        if (certificates == null) {
            return;
        }
        for (X509Certificate certificate : certificates) {
            if (certificate.getBasicConstraints() >= 0 && !candidates.containsKey(certificate)
                    && !IssuerSignature.selfSigned(certificate)) {
                report.intermediate(certificate, KEYCHAINS_LOCATION);
            }
        }
    }

    private void logTiming(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        System.Logger.Level level = millis >= SLOW_LOOKUPS_MILLIS ? System.Logger.Level.INFO
                : System.Logger.Level.DEBUG;
        LOG.log(level, "SystemTrust: {0} trust-settings lookups for {1} certificates took {2} ms",
                lookups, candidates.size(), millis);
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has an encoding", e);
        }
    }
}
