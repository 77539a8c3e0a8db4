package dev.systemtrust.linux;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reads of one backend have seen, for the parts of its input state that a {@code stat} of the bundles and
 * directories cannot show: a count of changes seen (a file that changed while being read, one modified too recently
 * to be sure it had stopped, a file whose metadata differs from the previous read's, or one found changed when the
 * files of the last read are checked again), the directory files of the last read, how many bundle candidates it
 * consulted, and until when a recent change may still hide ({@link QuietPeriod}). The change count is part of
 * {@link LinuxInputState.State}, so any of these makes the provider read again.
 *
 * <p>The files of the last read are checked again at most once every {@code fileCheckNanos}: a file rewritten in
 * place inside a certificate directory changes neither the directory's metadata nor the bundle's, and checking
 * some 150 files on every load would cost more than the rest of a cached load.
 */
final class ObservedFiles {
    private final long fileCheckNanos;
    private long changes;
    private List<CertificateFiles.RegularFile> lastRead = List.of();
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

    /** Checks the files of the last read again when {@code fileCheckNanos} have passed since the last check. */
    void checkFilesIfDue(long now) {
        if (now - checkedAt < fileCheckNanos) {
            return;
        }
        List<CertificateFiles.RegularFile> files;
        synchronized (this) {
            if (now - checkedAt < fileCheckNanos) {
                return;
            }
            checkedAt = now;
            files = lastRead;
        }
        for (CertificateFiles.RegularFile file : files) {
            CertificateFiles.RegularFile current;
            try {
                current = CertificateFiles.resolve(file.path());
            } catch (UnusableFileException e) {
                current = null;
            }
            if (!file.sameAs(current)) {
                synchronized (this) {
                    if (lastRead == files) {
                        changes++; // unless a newer read already took the change in
                    }
                }
                return;
            }
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
