package dev.systemtrust.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Linux backend's result depends on, at the cost of one {@code stat} per candidate path: the values of
 * {@code SSL_CERT_FILE}/{@code SSL_CERT_DIR}, and size, modification time and inode of every bundle and directory
 * it would consult (links followed, so a retargeted link counts). A directory's modification time changes when an
 * entry is added, removed or renamed, which covers {@code update-ca-certificates}, {@code update-ca-trust},
 * {@code c_rehash} and editors that save by rename. Not seen: a file inside a directory rewritten in place.
 */
final class LinuxInputState {

    /** One path's metadata; {@code fileKey} is the (device, inode) pair on Linux. */
    record PathState(String path, boolean present, long size, FileTime modified, Object fileKey) {
    }

    /** The whole state; records compare by value, so an unchanged store yields an equal state. */
    record State(String certFile, String certDir, List<PathState> paths) {
    }

    private LinuxInputState() {
    }

    static State capture(String certFile, String certDir, LinuxTrustLocations locations) {
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
            candidates.addAll(locations.bundles());
            candidates.addAll(locations.directories());
            candidates.addAll(locations.distrustDirectories());
        }
        List<PathState> paths = new ArrayList<>(candidates.size());
        for (Path candidate : candidates) {
            paths.add(stat(candidate));
        }
        return new State(certFile, certDir, paths);
    }

    private static PathState stat(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return new PathState(path.toString(), true, attributes.size(), attributes.lastModifiedTime(),
                    attributes.fileKey());
        } catch (NoSuchFileException absent) {
            return new PathState(path.toString(), false, -1, null, null);
        } catch (IOException | RuntimeException unreadable) {
            // Unknown state: a fresh object never equals the cached one, so the next load reads again.
            return new PathState(path.toString(), true, -1, null, new Object());
        }
    }
}
