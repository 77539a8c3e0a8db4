package dev.systemtrust.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one scan read, for the checks that decide whether the read can be trusted and when it must be repeated: the
 * directory files read and the directory entries that led to nothing usable (both are checked again later), how many
 * bundle candidates were consulted, and whether anything was seen changing, or too recently modified to be sure it
 * had stopped ({@link QuietPeriod}). Not thread-safe: one per scan.
 */
final class ReadRecord {
    private final long startedMillis = System.currentTimeMillis();
    private final List<CertificateFiles.RegularFile> directoryFiles = new ArrayList<>();
    private final List<Path> unusableEntries = new ArrayList<>();
    private int bundlesConsulted;
    private boolean changing;
    private long quietAtMillis;

    /**
     * A file whose content was used; {@code bundle}: a bundle, whose metadata the input state holds already. Content
     * that is empty or ends inside a PEM block is what a write in progress leaves, so it is trusted only once the
     * file has been quiet for longer.
     */
    void read(CertificateFiles.RegularFile file, byte[] content, boolean bundle) {
        if (!bundle) {
            directoryFiles.add(file);
        }
        long quietAt = QuietPeriod.endsAt(file.modified(), startedMillis);
        // Whether the content looks cut short matters only for a file modified within the longer wait.
        if (quietAt > startedMillis || (QuietPeriod.endsAtForCutShort(file.modified(), startedMillis) > startedMillis
                && (content.length == 0 || PemParser.endsInsideBlock(content)))) {
            changing = true;
            // Only the usual wait: a writer that goes on changes the file's metadata, and the next read sees that.
            quietAtMillis = Math.max(quietAtMillis, quietAt);
        }
    }

    /** A directory file that could not be read: its metadata is checked again, as a read file's is. */
    void unreadable(CertificateFiles.RegularFile file) {
        directoryFiles.add(file);
    }

    /**
     * A directory entry that led to nothing usable (a dangling link, a link loop, a FIFO): checked again like the
     * files read, since a link's target can appear without the directory changing.
     */
    void unusable(Path entry) {
        unusableEntries.add(entry);
    }

    /** A file that changed while it was read. */
    void changedWhileRead() {
        changing = true;
        quietAtMillis = Math.max(quietAtMillis, System.currentTimeMillis() + QuietPeriod.MILLIS);
    }

    /** The bundle at this index (from 0) of the candidates was the one consulted, or none was ({@code count}). */
    void bundlesConsulted(int count) {
        bundlesConsulted = count;
    }

    List<CertificateFiles.RegularFile> directoryFiles() {
        return directoryFiles;
    }

    List<Path> unusableEntries() {
        return unusableEntries;
    }

    int bundlesConsulted() {
        return bundlesConsulted;
    }

    boolean sawChange() {
        return changing;
    }

    /** When whatever was seen changing will have been quiet long enough; 0 when nothing was. */
    long quietAtMillis() {
        return quietAtMillis;
    }
}
