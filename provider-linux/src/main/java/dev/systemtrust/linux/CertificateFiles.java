package dev.systemtrust.linux;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Opens certificate files defensively. Only regular files, or symbolic links that resolve to one, are
 * read: the type of what the name leads to is checked with {@code stat} before any {@code open}, so a FIFO
 * (whose {@code open} would block) or a device is never opened. Files over {@link #MAX_FILE_SIZE} are refused
 * from their size alone, so a huge sparse file costs nothing.
 *
 * <p>The common case costs two {@code stat}s, one {@code open}, two {@code fstat}s and two {@code read}s per file: a Debian
 * {@code /etc/ssl/certs} has some 300 names, and per-file overhead is most of a cold directory read. Only
 * when {@code stat} fails is the name inspected further, to say why (absent, dangling link, link loop).
 *
 * <p>A check-then-open race remains: someone who can swap a checked file for a FIFO inside a trust
 * directory between the two calls can already plant certificates there, so this guards against accidents,
 * not against the directory's owner.
 */
final class CertificateFiles {
    /** Far above any real bundle (Debian's is about 220 KiB), far below memory trouble. */
    static final long MAX_FILE_SIZE = 16L * 1024 * 1024;
    private static final FileSystem DEFAULT_FILE_SYSTEM = FileSystems.getDefault();

    private CertificateFiles() {
    }

    /**
     * A regular file to read: the name it was reached by, its identity ((device, inode) on Linux, for
     * deduplication), and its size and modification time when checked. Two checks of an unchanged file are
     * {@link #sameAs equal}.
     */
    record RegularFile(Path path, Object identity, long size, FileTime modified) {
        boolean sameAs(RegularFile other) {
            return other != null && size == other.size && identity.equals(other.identity)
                    && modified.equals(other.modified);
        }
    }

    static RegularFile resolve(Path path) throws UnusableFileException {
        BasicFileAttributes target;
        try {
            target = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw explainUnreachable(path, e);
        }
        if (target.isDirectory()) {
            throw isSymbolicLink(path)
                    ? new UnusableFileException("symbolic link to a directory, not a certificate file", false)
                    : UnusableFileException.directory();
        }
        if (!target.isRegularFile()) {
            throw new UnusableFileException("not a regular file (FIFO, socket or device); not opened", false);
        }
        if (target.size() > MAX_FILE_SIZE) {
            throw tooLarge(target.size());
        }
        return regularFile(path, target);
    }

    private static RegularFile regularFile(Path path, BasicFileAttributes target) {
        return new RegularFile(path, target.fileKey() != null ? target.fileKey() : canonical(path), target.size(),
                target.lastModifiedTime());
    }

    private static UnusableFileException tooLarge(long size) {
        return new UnusableFileException("larger than " + (MAX_FILE_SIZE >> 20) + " MiB (" + size + " bytes); not read",
                false);
    }

    /**
     * The file's bytes, sized by the opened descriptor ({@code fstat}), not by the earlier check of the name: a file
     * renamed over the name in between is either read whole or reported changed, never cut short. A file whose
     * descriptor size differs from the checked size, that grows or shrinks while it is read, or whose size,
     * modification time or identity differ when checked again after the read (a rewrite of the same size) was being
     * changed: {@link UnusableFileException#changedWhileRead()}, so the caller reads the store again. A file that holds
     * more than its size says while its metadata stays put (a {@code /proc} file) is unusable, not changing. Opened
     * with {@link FileInputStream}, the lightest way on a cold JVM, when the name survives a round trip through a
     * string in the JVM's file-name encoding; otherwise through the {@link Path} itself, so a name in another encoding
     * is never missed, nor a different file opened.
     */
    static byte[] read(RegularFile file) throws UnusableFileException {
        Path path = file.path();
        String name = path.toString();
        byte[] content;
        boolean more;
        try (InputStream in = survivesAsString(path, name) ? new FileInputStream(name) : Files.newInputStream(path)) {
            long size = in.available(); // fstat of the open file, minus the position (0)
            if (size > MAX_FILE_SIZE) {
                throw tooLarge(size);
            }
            if (size != file.size()) {
                throw UnusableFileException.changedWhileRead(file.size() + " bytes when checked, " + size
                        + " when opened");
            }
            content = new byte[(int) size];
            if (in.readNBytes(content, 0, content.length) < content.length) {
                throw UnusableFileException.changedWhileRead("its size changed during the read");
            }
            more = in.read() >= 0;
        } catch (IOException e) {
            throw new UnusableFileException("read failed: " + e, false);
        }
        if (!file.sameAs(checkAgain(path))) {
            throw UnusableFileException.changedWhileRead(more ? "its size changed during the read"
                    : "modified during the read");
        }
        if (more) {
            throw new UnusableFileException("holds more than the " + content.length + " bytes its size says (a "
                    + "/proc or /sys file?); not read", false);
        }
        return content;
    }

    /** The file's metadata now, links followed, or {@code null} when it is gone or not a regular file. */
    private static RegularFile checkAgain(Path path) {
        try {
            BasicFileAttributes target = Files.readAttributes(path, BasicFileAttributes.class);
            return target.isRegularFile() ? regularFile(path, target) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether opening {@code name} opens {@code path}: same file system, and the same bytes after re-encoding. */
    private static boolean survivesAsString(Path path, String name) {
        try {
            return path.getFileSystem() == DEFAULT_FILE_SYSTEM && Path.of(name).equals(path);
        } catch (InvalidPathException e) {
            return false; // e.g. a non-ASCII name under LANG=C: not representable, so use the Path itself
        }
    }

    private static UnusableFileException explainUnreachable(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UnusableFileException(isSymbolicLink(path) ? "dangling symbolic link" : "does not exist", true);
        }
        String reason = e instanceof FileSystemException fileSystem && fileSystem.getReason() != null
                ? fileSystem.getReason() : e.toString();
        return new UnusableFileException(reason.contains("symbolic links")
                ? "symbolic link loop (" + reason + ")" : "cannot inspect: " + reason, false);
    }

    private static boolean isSymbolicLink(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    /** Identity where the file system has no file keys: the canonical path. */
    private static Object canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
