package dev.systemtrust.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists and reads the certificate directories on a second thread while the scan's thread parses the bundle. On a
 * cold JVM the JDK's X.509 parsing of the bundle takes most of a first load, and the directories' few hundred
 * {@code stat}, {@code open} and {@code read} calls (Debian's {@code /etc/ssl/certs}) can run beside it on another
 * core. Only input is done here; every decision stays on the scan's thread, in the same order as without it. A
 * class rather than a lambda: no bootstrap on the load path.
 */
final class DirectoryPrefetch extends Thread {
    /** Bytes held at most; entries past it are read when used, one at a time. */
    static final long BYTE_BUDGET = 16L * 1024 * 1024;

    private final List<Path> directories;
    private final List<DirectoryListing> listings;

    DirectoryPrefetch(List<Path> directories) {
        super("SystemTrust directory reader");
        setDaemon(true);
        this.directories = List.copyOf(directories);
        this.listings = new ArrayList<>(directories.size());
    }

    @Override
    public void run() {
        long budget = BYTE_BUDGET;
        try {
            for (Path directory : directories) {
                DirectoryListing listing = DirectoryListing.of(directory);
                listings.add(listing);
                budget = listing.fetch(budget);
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
