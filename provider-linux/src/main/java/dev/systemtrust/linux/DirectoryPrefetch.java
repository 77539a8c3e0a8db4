package dev.systemtrust.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists and reads the certificate directories on a second thread while the scan's thread parses the bundle. On a
 * cold JVM the JDK's X.509 parsing of the bundle takes most of a first load, and the directories' few hundred
 * {@code stat}, {@code open} and {@code read} calls (Debian's {@code /etc/ssl/certs}) can run beside it on another
 * core. Only input is done here; every decision stays on the scan's thread, in the same order as without it. The
 * bundle files are left unread: Debian's bundle sits in {@code /etc/ssl/certs}, and the scan reads it as the bundle,
 * never again through the directory. A class rather than a lambda: no bootstrap on the load path.
 */
final class DirectoryPrefetch extends Thread {
    /** Bytes held at most; entries past it are read when used, one at a time. */
    static final long BYTE_BUDGET = 16L * 1024 * 1024;

    private final List<Path> directories;
    private final List<Path> bundles;
    private final List<DirectoryListing> listings;

    DirectoryPrefetch(List<Path> directories, List<Path> bundles) {
        super("SystemTrust directory reader");
        setDaemon(true);
        this.directories = List.copyOf(directories);
        this.bundles = List.copyOf(bundles);
        this.listings = new ArrayList<>(directories.size());
    }

    @Override
    public void run() {
        long budget = BYTE_BUDGET;
        try {
            Set<Object> bundleFiles = new HashSet<>();
            for (Path bundle : bundles) {
                if (bundle.toFile().exists()) { // most candidates belong to other distributions
                    try {
                        bundleFiles.add(CertificateFiles.resolve(bundle).identity());
                    } catch (UnusableFileException e) {
                        // not readable as a bundle, so not skipped either
                    }
                }
            }
            for (Path directory : directories) {
                DirectoryListing listing = DirectoryListing.of(directory);
                listings.add(listing);
                budget = listing.fetch(budget, bundleFiles);
            }
        } catch (RuntimeException unexpected) {
            // Whatever is left is listed and read on the scan's thread, which reports any failure as it would.
        }
    }

    /**
     * The listing of {@code directory} as fetched, or a fresh one (its entries read when used) if it was not
     * fetched: not one of the directories given, or the fetching thread was interrupted or failed.
     */
    DirectoryListing listing(Path directory) {
        int index = directories.indexOf(directory);
        if (index >= 0 && finished() && index < listings.size()) {
            return listings.get(index);
        }
        return DirectoryListing.of(directory);
    }

    private boolean finished() {
        try {
            join();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
