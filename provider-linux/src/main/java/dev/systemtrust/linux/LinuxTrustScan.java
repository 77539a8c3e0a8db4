package dev.systemtrust.linux;

import dev.systemtrust.spi.DerElements;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.SearchedLocation.Outcome;
import dev.systemtrust.spi.TrustStoreReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One read of the Linux trust store; see {@link LinuxTrustBackend} for the rules. Not reusable. */
final class LinuxTrustScan {
    static final String SSL_CERT_FILE = "SSL_CERT_FILE";
    static final String SSL_CERT_DIR = "SSL_CERT_DIR";

    private final TrustStoreReport.Builder report;
    private final CertificateDecoder decoder = new CertificateDecoder();
    private final KnownPemTexts bundleTexts = new KnownPemTexts();
    private final LookupSubjects lookupSubjects = new LookupSubjects();
    /** Identities of files already read, or handled as bundles, so directory links to them are not read again. */
    private final Set<Object> handledFiles = new HashSet<>();
    /** Kept apart so a distrust entry that links to a trusted file still distrusts it. */
    private final Set<Object> handledDistrustFiles = new HashSet<>();
    private final InputProblems problems;
    private final ReadRecord record;

    /**
     * BUNDLE: the bundle in use; certificates may become anchors, and their subjects hide directory certificates.
     * HASHED: a {@code <hash>.N} file, which OpenSSL's lookup by subject reads only for subjects that neither the
     * bundle nor an earlier directory has ({@link LookupSubjects}); such a certificate may become an anchor, and its
     * subject hides certificates in later directories. UNHASHED: any other file of a directory read without a bundle;
     * OpenSSL never reads it, but rustls-native-certs and others do, so it may become an anchor unless the bundle or
     * an earlier directory has its subject. Out-of-reach certificates are not anchors; their distrust still counts.
     * DISTRUST: every certificate is distrusted (Android's cacerts-removed). REJECTS_ONLY: only OpenSSL reject
     * entries count, so the file can narrow trust but never widen it.
     */
    private enum Role { BUNDLE, HASHED, UNHASHED, DISTRUST, REJECTS_ONLY }


    /** Whether a bundle file was read; from then on, directories add anchors only through hash names. */
    private boolean bundleRead;
    /**
     * Whether OpenSSL 3's default lookup would load a DER file from the directories: its hashed-directory lookup
     * reads PEM only, but its store lookup, which decodes DER too, reads {@code SSL_CERT_DIR} (taken whole, as one
     * path) or the default directory. So DER files are out of its reach only when {@code SSL_CERT_DIR} names several
     * directories.
     */
    private boolean derLookedUp = true;
    /** Lists and reads the directories while the bundle is parsed; {@code null} when there are none. */
    private DirectoryPrefetch prefetch;

    LinuxTrustScan(String backendId, ReadRecord record) {
        report = TrustStoreReport.builder(backendId);
        problems = new LoggedSkips(report);
        this.record = record;
    }

    TrustStoreReport read(String certFile, String certDir, LinuxTrustLocations locations) {
        boolean fileSet = certFile != null && !certFile.isEmpty();
        boolean dirSet = certDir != null && !certDir.isEmpty();
        if (fileSet || dirSet) {
            List<Path> directories = null;
            if (dirSet) {
                derLookedUp = certDir.indexOf(':') < 0;
                directories = LinuxTrustLocations.certDirDirectories(certDir);
                prefetch(directories, fileSet ? List.of(Path.of(certFile)) : List.of());
            }
            readFromEnvironment(fileSet ? certFile : null, directories);
        } else {
            report.searched(SSL_CERT_FILE + ", " + SSL_CERT_DIR, Outcome.ABSENT, 0,
                    "not set; using the distribution's standard locations");
            prefetch(locations.allDirectories(), locations.bundles());
            readStandardLocations(locations);
        }
        return report.build();
    }

    /**
     * Lists and reads {@code directories} on a helper thread while the bundle is parsed; a file that is one of
     * {@code bundles} is left unread there, since it is read as the bundle.
     */
    private void prefetch(List<Path> directories, List<Path> bundles) {
        if (!directories.isEmpty()) {
            DirectoryPrefetch helper = new DirectoryPrefetch(directories, bundles);
            if (HelperThreads.start(helper)) {
                prefetch = helper;
            }
        }
    }

    /** {@code certDirDirectories}: what {@code SSL_CERT_DIR} names, or {@code null} when it is not set. */
    private void readFromEnvironment(String certFile, List<Path> certDirDirectories) {
        if (certFile != null) {
            bundleRead = readBundle(Path.of(certFile), SSL_CERT_FILE);
        } else {
            report.searched(SSL_CERT_FILE, Outcome.ABSENT, 0, "not set; only " + SSL_CERT_DIR + " is read");
        }
        if (certDirDirectories != null) {
            for (Path directory : certDirDirectories) {
                readDirectory(directory, true, SSL_CERT_DIR);
            }
        } else {
            report.searched(SSL_CERT_DIR, Outcome.ABSENT, 0, "not set; only " + SSL_CERT_FILE + " is read");
        }
    }

    private void readStandardLocations(LinuxTrustLocations locations) {
        boolean found = false;
        int consulted = 0;
        for (Path bundle : locations.bundles()) {
            if (found) {
                noteUnusedBundle(bundle);
            } else {
                consulted++;
                found = readBundle(bundle, "bundle");
            }
        }
        record.bundlesConsulted(consulted);
        bundleRead = found;
        for (Path directory : locations.directories()) {
            readDirectory(directory, true, "directory");
        }
        for (Path directory : locations.distrustDirectories()) {
            readDirectory(directory, false, "distrust list");
        }
    }

    /** Reads a PEM bundle; {@code true} when it could be read (even if it held no certificate). */
    private boolean readBundle(Path bundle, String kind) {
        String location = bundle + " (" + kind + ")";
        CertificateFiles.RegularFile file;
        byte[] content;
        try {
            file = CertificateFiles.resolve(bundle);
            handledFiles.add(file.identity());
            content = CertificateFiles.read(file);
        } catch (UnusableFileException e) {
            if (e.changedWhileRead()) {
                record.changedWhileRead();
            }
            report.searched(location, e.absent() ? Outcome.ABSENT : Outcome.FAILED, 0, e.getMessage());
            return false;
        }
        record.read(file, content, true);
        int certificates = 0;
        String source = bundle.toString();
        if (PemParser.looksLikePem(content)) {
            List<PemBlock> blocks = PemParser.parse(content, source, problems);
            bundleTexts.remember(content, blocks);
            decodeAhead(blocks);
            certificates = useBlocks(blocks, source, Role.BUNDLE);
        } else {
            problems.skip(source, "no PEM certificate block in it");
        }
        report.searched(location, Outcome.READ, certificates, certificates == 0 ? "no certificates in it" : "");
        return true;
    }

    /** The plain certificate blocks, which {@link #useBlock} decodes as they are, may be decoded ahead. */
    private void decodeAhead(List<PemBlock> blocks) {
        List<byte[]> plain = new ArrayList<>(blocks.size());
        for (PemBlock block : blocks) {
            if (!block.trusted() && DerElements.elementLength(block.der(), 0) == block.der().length) {
                plain.add(block.der());
            }
        }
        decoder.decodeAhead(plain);
    }

    private void noteUnusedBundle(Path bundle) {
        String location = bundle + " (bundle)";
        try {
            CertificateFiles.RegularFile file = CertificateFiles.resolve(bundle);
            handledFiles.add(file.identity()); // ruled out by precedence; not to be read via a directory either
            report.searched(location, Outcome.NOT_CONSULTED, 0, "an earlier bundle was used");
        } catch (UnusableFileException e) {
            report.searched(location, e.absent() ? Outcome.ABSENT : Outcome.NOT_CONSULTED, 0,
                    e.absent() ? e.getMessage() : "an earlier bundle was used");
        }
    }

    /** A directory of certificates that may be trusted, or ({@code trust} false) that are all distrusted. */
    private void readDirectory(Path directory, boolean trust, String kind) {
        String location = directory + " (" + kind + ")";
        DirectoryListing listing = prefetch != null ? prefetch.listing(directory) : DirectoryListing.of(directory);
        if (listing.failure != null) {
            report.searched(location, listing.absent ? Outcome.ABSENT : Outcome.FAILED, 0, listing.failure);
            return;
        }
        DirectoryTally tally = new DirectoryTally();
        Set<Object> handled = trust ? handledFiles : handledDistrustFiles;
        readEntries(listing.hashNamed, trust ? Role.HASHED : Role.DISTRUST, handled, tally);
        // With a bundle in use, OpenSSL would never read a file that is not hash-named (Fedora's
        // ca-bundle.trust.crt, for one, can list a blocklisted CA without reject attributes): such a file may
        // only distrust.
        readEntries(listing.otherNames, !trust ? Role.DISTRUST : bundleRead ? Role.REJECTS_ONLY : Role.UNHASHED,
                handled, tally);
        lookupSubjects.directoryDone();
        report.searched(location, Outcome.READ, tally.certificates, tally.files + " files read, " + tally.alreadyRead
                + " names of files already read, " + tally.skipped + " entries skipped"
                + (tally.subdirectories == 0 ? "" : ", " + tally.subdirectories
                        + (tally.subdirectories == 1 ? " subdirectory" : " subdirectories") + " ignored"));
    }

    /** Reports and logs each skipped input; a class, as a lambda would cost a class spin on a cold start. */
    private static final class LoggedSkips implements InputProblems {
        private final TrustStoreReport.Builder report;

        LoggedSkips(TrustStoreReport.Builder report) {
            this.report = report;
        }

        @Override
        public void skip(String location, String reason) {
            // Fetched on first use: initialising logging costs a clean cold load ~5% when nothing is skipped.
            System.getLogger("dev.systemtrust.linux").log(System.Logger.Level.DEBUG, "skipped {0}: {1}", location,
                    reason);
            report.skip(location, reason);
        }
    }

    /** Counts for one directory's line in the report. */
    private static final class DirectoryTally {
        int certificates;
        int files;
        int alreadyRead;
        int skipped;
        int subdirectories;
    }

    private void readEntries(List<DirectoryListing.Entry> entries, Role role, Set<Object> handled,
            DirectoryTally tally) {
        for (DirectoryListing.Entry listed : entries) {
            Path entry = listed.path;
            CertificateFiles.RegularFile file;
            try {
                file = listed.file();
            } catch (UnusableFileException e) {
                if (e.subdirectory()) {
                    tally.subdirectories++; // OpenSSL never looks inside, and neither does this (e.g. Debian's java/)
                } else {
                    record.unusable(entry);
                    skip(entry, e, tally);
                }
                continue;
            }
            if (!handled.add(file.identity())) {
                tally.alreadyRead++;
                continue;
            }
            byte[] content;
            try {
                content = listed.content();
            } catch (UnusableFileException e) {
                record.unreadable(file);
                skip(entry, e, tally);
                continue;
            }
            record.read(file, content, false);
            tally.files++;
            tally.certificates += readCertificates(content, entry.toString(), role);
        }
    }

    private void skip(Path entry, UnusableFileException e, DirectoryTally tally) {
        if (e.changedWhileRead()) {
            record.changedWhileRead();
        }
        problems.skip(entry.toString(), e.getMessage());
        tally.skipped++;
    }

    /** Reads every certificate in one directory file's content; returns how many were found. */
    private int readCertificates(byte[] content, String source, Role role) {
        PemBlock repeat = bundleTexts.repeatOf(content);
        if (repeat != null) {
            return useBlock(repeat, source + ":" + repeat.line(), source, role) ? 1 : 0;
        }
        if (PemParser.looksLikePem(content)) {
            return useBlocks(PemParser.parse(content, source, problems), source, role);
        }
        if (content.length > 0 && content[0] == 0x30 && DerElements.elementLength(content, 0) == content.length) {
            if (role != Role.DISTRUST && !derLookedUp) {
                return notLookedUp(content, source);
            }
            return useBlock(new PemBlock(false, content, 0, 0, content.length), source, source, role) ? 1 : 0;
        }
        problems.skip(source, "neither PEM nor a DER certificate");
        return 0;
    }

    /**
     * A DER directory file OpenSSL never loads (see {@link #derLookedUp}). Reported, as an exclusion, so {@code
     * explain} says why.
     */
    private int notLookedUp(byte[] der, String source) {
        CertificateDecoder.Decoded decoded = decoder.decode(der);
        if (decoded.certificate() == null) {
            problems.skip(source, decoded.error());
            return 0;
        }
        report.exclude(decoded.certificate(), source, ExclusionReason.NO_TRUST_DECISION, "a DER file, and "
                + SSL_CERT_DIR + " names several directories: OpenSSL reads their files as PEM only, so it adds "
                + "nothing");
        return 1;
    }

    /**
     * A bundle block skipped here may still be loaded by OpenSSL (which ignores trailing bytes, and parses some
     * certificates the JDK refuses), and then its subject hides directory certificates from OpenSSL's lookup.
     */
    private void rememberSkippedBundleSubject(Role role, byte[] der, int certificateLength) {
        if (role == Role.BUNDLE) {
            TbsFields fields = TbsFields.of(certificateLength == der.length ? der
                    : Arrays.copyOf(der, certificateLength));
            if (fields != null) {
                lookupSubjects.addSubject(fields.subject);
            }
        }
    }

    /**
     * Whether the file's {@code <hash>} is its certificate's subject hash: OpenSSL looks a subject up only under its
     * own hash, so a file named otherwise (a stale or hand-made link) is never read. Computed only for certificates
     * the bundle does not already cover: Debian's directory repeats its bundle, and needs none.
     */
    private static boolean namedForItsSubject(String source, CertificateDecoder.Decoded decoded) {
        String name = source.substring(source.lastIndexOf('/') + 1);
        String hash = CanonicalName.hash(decoded.subject());
        return hash != null && name.startsWith(hash);
    }

    private int useBlocks(List<PemBlock> blocks, String source, Role role) {
        int count = 0;
        for (PemBlock block : blocks) {
            if (useBlock(block, source + ":" + block.line(), source, role)) {
                count++;
            }
        }
        return count;
    }

    private boolean useBlock(PemBlock block, String position, String source, Role role) {
        byte[] der = block.der();
        int certificateLength = DerElements.elementLength(der, 0);
        if (certificateLength < 0) {
            problems.skip(position, "not a DER certificate (malformed or truncated)");
            return false;
        }
        OpenSslTrustAttributes attributes = OpenSslTrustAttributes.NONE;
        if (block.trusted() && role == Role.DISTRUST) {
            // A distrust list distrusts the certificate whatever attributes (even broken ones) it carries.
            attributes = OpenSslTrustAttributes.NONE;
        } else if (block.trusted()) {
            try {
                attributes = OpenSslTrustAttributes.parse(der, certificateLength);
            } catch (MalformedTrustAttributesException e) {
                problems.skip(position, "TRUSTED CERTIFICATE not trusted: " + e.getMessage());
                rememberSkippedBundleSubject(role, der, certificateLength);
                return false;
            }
        } else if (certificateLength != der.length) {
            problems.skip(position, (der.length - certificateLength) + " unexpected bytes after the certificate");
            rememberSkippedBundleSubject(role, der, certificateLength);
            return false;
        }
        byte[] certificateDer = certificateLength == der.length ? der : Arrays.copyOf(der, certificateLength);
        CertificateDecoder.Decoded decoded = decoder.decode(certificateDer);
        if (decoded.certificate() == null) {
            problems.skip(position, decoded.error());
            rememberSkippedBundleSubject(role, certificateDer, certificateDer.length);
            return false;
        }
        if (role == Role.DISTRUST) {
            report.exclude(decoded.certificate(), source, ExclusionReason.DISTRUSTED,
                    "listed in Android's cacerts-removed");
            return true;
        }
        ServerAuthDecision decision = ServerAuthDecision.decide(attributes, decoded.selfSigned());
        if (!decoded.usable()) {
            // OpenSSL never loads it, so it is no anchor or intermediate and hides no subject; its distrust still
            // counts, as narrowing trust is always safe.
            if (decision.exclusion() == ExclusionReason.DISTRUSTED) {
                report.exclude(decoded.certificate(), source, ExclusionReason.DISTRUSTED, decision.detail());
            }
            problems.skip(position, decoded.error());
            return false;
        }
        if (role == Role.BUNDLE) {
            lookupSubjects.addBundleCertificate(decoded);
        } else if (role == Role.HASHED) {
            lookupSubjects.addFromDirectory(decoded);
        }
        if (role == Role.REJECTS_ONLY && decision.exclusion() != ExclusionReason.DISTRUSTED) {
            report.exclude(decoded.certificate(), source, ExclusionReason.NO_TRUST_DECISION,
                    "not named <hash>.N and a bundle is in use: like OpenSSL, only its reject entries count");
            return true;
        }
        boolean outOfReach = (role == Role.HASHED || role == Role.UNHASHED) && lookupSubjects.shadows(decoded);
        if (role == Role.HASHED && bundleRead && !outOfReach && decision.exclusion() != ExclusionReason.DISTRUSTED
                && !namedForItsSubject(source, decoded)) {
            report.exclude(decoded.certificate(), source, ExclusionReason.NO_TRUST_DECISION, "named <hash>.N for "
                    + "another subject, so OpenSSL never looks it up here; with a bundle in use, only its reject "
                    + "entries count");
            return true;
        }
        if (decision.isAnchor() && outOfReach) {
            report.exclude(decoded.certificate(), source, ExclusionReason.NO_TRUST_DECISION, bundleRead
                    ? "the bundle in use or an earlier directory has a certificate with this subject, so OpenSSL "
                            + "never looks it up here"
                    : "an earlier directory has a certificate with this subject, so OpenSSL never looks it up here");
        } else if (decision.isAnchor()) {
            report.trust(decoded.certificate(), attributes.alias(), source);
        } else {
            report.exclude(decoded.certificate(), source, decision.exclusion(), decision.detail());
            if (decision.exclusion() == ExclusionReason.NO_TRUST_DECISION && !outOfReach) {
                // OpenSSL looks issuers up here while building a chain, so path building may use it.
                report.intermediate(decoded.certificate(), source);
            }
        }
        return true;
    }
}
