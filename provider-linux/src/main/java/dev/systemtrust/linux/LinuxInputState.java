package dev.systemtrust.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the Linux backend's result depends on, at the cost of one {@code stat} per candidate path: the values of
 * {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}, and size, modification time and inode of the bundles up to the first
 * readable one and of every directory it would consult (links followed, so a retargeted link counts). A directory's modification time changes when an
 * entry is added, removed or renamed, which covers {@code update-ca-certificates}, {@code update-ca-trust},
 * {@code c_rehash} and editors that save by rename. Not seen: a file inside a directory rewritten in place.
 */
final class LinuxInputState {

    /** One path's metadata; {@code fileKey} is the (device, inode) pair on Linux. */
    record PathState(Path path, boolean present, boolean regularFile, long size, FileTime modified,
            Object fileKey) {
    }

    /** The whole state; records compare by value, so an unchanged store yields an equal state. */
    record State(String certFile, String certDir, List<PathState> paths) {
    }

    private LinuxInputState() {
    }

    /**
     * The current state. {@code previous} (may be {@code null}) only saves system calls: a path present last time
     * is stat'ed directly, an absent one is first tested for existence; the result is the same either way.
     */
    static State capture(String certFile, String certDir, LinuxTrustLocations locations, State previous) {
        Set<Path> presentBefore = new HashSet<>();
        if (previous != null) {
            for (PathState state : previous.paths()) {
                if (state.present()) {
                    presentBefore.add(state.path());
                }
            }
        }
        List<Path> candidates = new ArrayList<>();
        boolean fromEnvironment = (certFile != null && !certFile.isEmpty()) || (certDir != null && !certDir.isEmpty());
        if (fromEnvironment) {
            if (certFile != null && !certFile.isEmpty()) {
                candidates.add(Path.of(certFile));
            }
            if (certDir != null) {
                for (String directory : certDir.split(":")) {
                    if (!directory.isEmpty()) {
                        candidates.add(Path.of(directory));
                    }
                }
            }
        } else {
            candidates.addAll(locations.directories());
            candidates.addAll(locations.distrustDirectories());
        }
        List<PathState> paths = new ArrayList<>(candidates.size() + 2);
        if (!fromEnvironment) {
            // Bundles after the first readable one are never consulted, so their changes cannot matter; an earlier
            // one appearing, or the first one changing or vanishing, is seen here.
            for (Path bundle : locations.bundles()) {
                PathState state = stat(bundle, presentBefore.contains(bundle));
                paths.add(state);
                if (state.present() && state.regularFile() && Files.isReadable(bundle)) {
                    break;
                }
            }
        }
        for (Path candidate : candidates) {
            paths.add(stat(candidate, presentBefore.contains(candidate)));
        }
        return new State(certFile, certDir, paths);
    }

    private static PathState stat(Path path, boolean presentBefore) {
        // File.exists answers "absent" without the exception Files.readAttributes throws for it on Java 17, which
        // costs more than the stat itself; most candidates are absent on any one distribution, and stay so.
        if (!presentBefore && !path.toFile().exists()) {
            return new PathState(path, false, false, -1, null, null);
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new PathState(path, true, attributes.isRegularFile(), attributes.size(),
                    attributes.lastModifiedTime(), attributes.fileKey());
        } catch (NoSuchFileException absent) {
            return new PathState(path, false, false, -1, null, null);
        } catch (IOException | RuntimeException unreadable) {
            // Unknown state: a fresh object never equals the cached one, so the next load reads again.
            return new PathState(path, true, false, -1, null, new Object());
        }
    }
}
