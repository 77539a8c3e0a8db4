package dev.systemtrust.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reads of one backend have seen, for the parts of its input state that a {@code stat} of the bundles and
 * directories cannot show: a count of changes seen (a file that changed while being read, one modified too recently
 * to be sure it had stopped, a file whose metadata differs from the previous read's, or one found changed when the
 * files of the last read are checked again), the directory files and unusable entries of the last read, how many
 * bundle candidates it consulted, and until when a recent change may still hide ({@link QuietPeriod}). The change
 * count is part of {@link LinuxInputState.State}, so any of these makes the provider read again.
 *
 * <p>The files of the last read are checked again at most once every {@code fileCheckNanos}: a file rewritten in
 * place inside a certificate directory changes neither the directory's metadata nor the bundle's, and checking
 * some 150 files on every load would cost more than the rest of a cached load. So are the entries that led to nothing
 * usable: a dangling link whose target appears does not change its directory either.
 */
final class ObservedFiles {
    private final long fileCheckNanos;
    private long changes;
    private List<CertificateFiles.RegularFile> lastRead = List.of();
    private List<Path> lastUnusable = List.of();
    private int bundlesConsulted;
    private long quietAtMillis;
    private volatile long checkedAt;

    ObservedFiles(long fileCheckNanos, long now) {
        this.fileCheckNanos = fileCheckNanos;
        this.checkedAt = now;
    }

    /** Takes in what a scan read; a file whose metadata differs from the previous read's counts as a change. */
    synchronized void afterRead(ReadRecord record) {
        if (record.sawChange() || differsFromLastRead(record.directoryFiles())) {
            changes++;
        }
        lastRead = record.directoryFiles();
        lastUnusable = record.unusableEntries();
        bundlesConsulted = record.bundlesConsulted();
        quietAtMillis = Math.max(quietAtMillis, record.quietAtMillis());
    }

    /** Inputs still too recently modified when a read had to start: they may change again unseen. */
    synchronized void stillChanging(long quietAt) {
        changes++;
        quietAtMillis = Math.max(quietAtMillis, quietAt);
    }

    private boolean differsFromLastRead(List<CertificateFiles.RegularFile> files) {
        if (lastRead.isEmpty()) {
            return false; // the first read: nothing to compare, and no map built on a cold start
        }
        Map<Path, CertificateFiles.RegularFile> before = new HashMap<>();
        for (CertificateFiles.RegularFile file : lastRead) {
            before.put(file.path(), file);
        }
        for (CertificateFiles.RegularFile file : files) {
            CertificateFiles.RegularFile earlier = before.get(file.path());
            if (earlier != null && !earlier.sameAs(file)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the files and unusable entries of the last read again when {@code fileCheckNanos} have passed since the
     * last check. What it finds changed counts as one change, and is remembered as it is now, so the read it causes
     * does not count it again; the read waits until the changed files are quiet.
     */
    void checkFilesIfDue(long now) {
        if (now - checkedAt < fileCheckNanos) {
            return;
        }
        List<CertificateFiles.RegularFile> files;
        List<Path> unusable;
        synchronized (this) {
            if (now - checkedAt < fileCheckNanos) {
                return;
            }
            checkedAt = now;
            files = lastRead;
            unusable = lastUnusable;
        }
        List<CertificateFiles.RegularFile> current = null;
        List<Path> stillUnusable = null;
        long quietAt = 0;
        long nowMillis = System.currentTimeMillis();
        for (int i = 0; i < files.size(); i++) {
            CertificateFiles.RegularFile file = files.get(i);
            CertificateFiles.RegularFile found = resolve(file.path());
            if (!file.sameAs(found)) {
                if (current == null) {
                    current = new ArrayList<>(files);
                }
                if (found != null) {
                    current.set(i, found);
                    quietAt = Math.max(quietAt, QuietPeriod.endsAt(found.modified(), nowMillis));
                }
            }
        }
        for (Path entry : unusable) {
            CertificateFiles.RegularFile found = resolve(entry);
            if (found != null) {
                if (current == null) {
                    current = new ArrayList<>(files);
                }
                if (stillUnusable == null) {
                    stillUnusable = new ArrayList<>(unusable);
                }
                current.add(found);
                stillUnusable.remove(entry);
                quietAt = Math.max(quietAt, QuietPeriod.endsAt(found.modified(), nowMillis));
            }
        }
        if (current != null) {
            synchronized (this) {
                if (lastRead == files) { // unless a newer read already took the change in
                    changes++;
                    lastRead = current;
                    lastUnusable = stillUnusable != null ? stillUnusable : unusable;
                    quietAtMillis = Math.max(quietAtMillis, quietAt);
                }
            }
        }
    }

    private static CertificateFiles.RegularFile resolve(Path path) {
        try {
            return CertificateFiles.resolve(path);
        } catch (UnusableFileException e) {
            return null;
        }
    }

    synchronized long changes() {
        return changes;
    }

    synchronized int bundlesConsulted() {
        return bundlesConsulted;
    }

    synchronized long quietAtMillis() {
        return quietAtMillis;
    }
}
