package dev.systemtrust.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the Linux backend's result depends on, at the cost of one {@code stat} per existing candidate path: the values of
 * {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}, and size, modification time and inode of the bundles up to the first
 * readable one (or the one the last read used, if later) and of every directory it would consult (links followed, so
 * a retargeted link counts). A directory's modification time changes when an entry is added, removed or renamed,
 * which covers {@code update-ca-certificates}, {@code update-ca-trust}, {@code c_rehash} and editors that save by
 * rename. What a stat of these cannot show (a file inside a directory rewritten in place, a file seen changing while
 * read) comes in as {@link ObservedFiles#changes()}.
 */
final class LinuxInputState {

    /**
     * One path's metadata; {@code fileKey} is the (device, inode) pair on Linux. A path whose {@code stat} fails other
     * than with "not found" has none: {@code failure} says how it failed (exception type and message), so a failure
     * that persists is an unchanged state, and a different one (or the path coming back) is a change. This record and
     * {@link State} write out equals and hashCode: the generated ones bootstrap method handles, some 100 classes on a
     * cold start.
     */
    record PathState(Path path, boolean present, boolean regularFile, long size, FileTime modified,
            Object fileKey, String failure) {
        @Override
        public boolean equals(Object other) {
            return other instanceof PathState state && present == state.present
                    && regularFile == state.regularFile && size == state.size && path.equals(state.path)
                    && Objects.equals(modified, state.modified) && Objects.equals(fileKey, state.fileKey)
                    && Objects.equals(failure, state.failure);
        }

        @Override
        public int hashCode() {
            return Objects.hash(path, size, modified, fileKey, failure);
        }
    }

    /** The whole state; records compare by value, so an unchanged store yields an equal state. */
    record State(String certFile, String certDir, List<PathState> paths, long changes) {
        /**
         * The wall-clock time (ms) from which the paths' metadata is sure to show any further change: until then a read
         * could miss a change made in the same clock tick as the last one ({@link QuietPeriod}).
         */
        long quietAtMillis(long nowMillis) {
            long quietAt = 0;
            for (PathState path : paths) {
                if (path.modified() != null) {
                    quietAt = Math.max(quietAt, QuietPeriod.endsAt(path.modified(), nowMillis));
                }
            }
            return quietAt;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof State state && changes == state.changes && Objects.equals(certFile, state.certFile)
                    && Objects.equals(certDir, state.certDir) && paths.equals(state.paths);
        }

        @Override
        public int hashCode() {
            return Objects.hash(certFile, certDir, paths, changes);
        }
    }

    private LinuxInputState() {
    }

    /**
     * How long a location found absent is taken to stay absent without a new system call. Most candidate locations
     * belong to other distributions and never appear; one that does (a package installed) is seen within this time,
     * while every change to a location that exists, a location that existed at the start of the interval, and any
     * distrust directory are looked at on every capture.
     */
    static final long ABSENT_RECHECK_NANOS = 1_000_000_000L;

    /**
     * A state, and the interval it belongs to: when it started ({@link System#nanoTime()} or a test clock) and the
     * paths checked then and found absent that may be assumed absent until it ends (never a distrust directory).
     */
    record Capture(State state, long intervalStart, Set<Path> absentAtIntervalStart) {
    }

    /**
     * The current state. {@code previous} (may be {@code null}) saves system calls: a path present last time is
     * stat'ed directly, and one absent at the start of the current interval is taken as still absent until it ends.
     */
    static Capture capture(String certFile, String certDir, LinuxTrustLocations locations, Capture previous,
            long now, ObservedFiles observed) {
        Map<Path, PathState> before = new HashMap<>();
        if (previous != null) {
            for (PathState state : previous.state().paths()) {
                before.put(state.path(), state);
            }
        }
        boolean sameInterval = previous != null && now - previous.intervalStart() < ABSENT_RECHECK_NANOS;
        Set<Path> stillAbsent = sameInterval ? previous.absentAtIntervalStart() : Set.of();
        List<Path> candidates = new ArrayList<>();
        boolean fromEnvironment = (certFile != null && !certFile.isEmpty()) || (certDir != null && !certDir.isEmpty());
        if (fromEnvironment) {
            if (certFile != null && !certFile.isEmpty()) {
                candidates.add(Path.of(certFile));
            }
            if (certDir != null) {
                candidates.addAll(LinuxTrustLocations.certDirDirectories(certDir));
            }
        } else {
            candidates.addAll(locations.allDirectories());
        }
        List<PathState> paths = new ArrayList<>(candidates.size() + 2);
        if (!fromEnvironment) {
            // Bundles after the first readable one are never consulted, so their changes cannot matter; an earlier
            // one appearing, or the first one changing or vanishing, is seen here. A bundle that looks readable but
            // failed to read (an I/O error) made the last read use a later one, which is then watched too.
            int consulted = observed.bundlesConsulted();
            for (Path bundle : locations.bundles()) {
                PathState state = stat(bundle, before.get(bundle), stillAbsent.contains(bundle));
                paths.add(state);
                // The same test the scan applies before using a bundle, size limit included.
                if (paths.size() >= consulted && state.present() && state.regularFile()
                        && state.size() <= CertificateFiles.MAX_FILE_SIZE && Files.isReadable(bundle)) {
                    break;
                }
            }
        }
        for (Path candidate : candidates) {
            paths.add(stat(candidate, before.get(candidate), stillAbsent.contains(candidate)));
        }
        State state = new State(certFile, certDir, paths, observed.changes());
        if (sameInterval) {
            return new Capture(state, previous.intervalStart(), previous.absentAtIntervalStart());
        }
        Set<Path> absent = new HashSet<>();
        for (PathState path : paths) {
            if (!path.present()) {
                absent.add(path.path());
            }
        }
        // A distrust directory appearing only narrows trust; it is never assumed absent.
        absent.removeAll(locations.distrustDirectories());
        return new Capture(state, now, Set.copyOf(absent));
    }

    private static PathState stat(Path path, PathState before, boolean stillAbsent) {
        boolean presentBefore = before != null && before.present();
        if (stillAbsent && before != null && !presentBefore) {
            return before;
        }
        // File.exists answers "absent" without the exception Files.readAttributes throws for it on Java 17, which
        // costs more than the stat itself; most candidates are absent on any one distribution, and stay so.
        if (!presentBefore && !path.toFile().exists()) {
            return new PathState(path, false, false, -1, null, null, null);
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new PathState(path, true, attributes.isRegularFile(), attributes.size(),
                    attributes.lastModifiedTime(), attributes.fileKey(), null);
        } catch (NoSuchFileException absent) {
            return new PathState(path, false, false, -1, null, null, null);
        } catch (IOException | RuntimeException unreadable) {
            // A link loop, a permission or I/O error: the read reports it; while it persists the state holds still.
            return new PathState(path, true, false, -1, null, null, unreadable.getClass().getName() + ": "
                    + unreadable.getMessage());
        }
    }
}
