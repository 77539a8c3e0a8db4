package dev.systemtrust.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Opens certificate files defensively. Only regular files, or symbolic links that resolve to one, are
 * read: the type is checked with {@code lstat} on the name and again on the resolved target before any
 * {@code open}, so a FIFO (whose {@code open} would block) or a device is never opened. Files over
 * {@link #MAX_FILE_SIZE} are refused from their size alone, so a huge sparse file costs nothing.
 *
 * <p>A check-then-open race remains: someone who can swap a checked file for a FIFO inside a trust
 * directory between the two calls can already plant certificates there, so this guards against accidents,
 * not against the directory's owner.
 */
final class CertificateFiles {
    /** Far above any real bundle (Debian's is about 220 KiB), far below memory trouble. */
    static final long MAX_FILE_SIZE = 16L * 1024 * 1024;

    private CertificateFiles() {
    }

    /**
     * A regular file to read: its canonical path, its identity ((device, inode) on Linux, for deduplication) and
     * its size at check time.
     */
    record RegularFile(Path realPath, Object identity, long size) {
    }

    /**
     * The identity of the file {@code path} leads to (links followed), or {@code null} when it cannot be had; one
     * {@code stat}, cheaper than resolving the canonical path, so names of files already read are skipped early.
     */
    static Object identity(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static RegularFile resolve(Path path) throws UnusableFileException {
        BasicFileAttributes own = attributes(path);
        if (own == null) {
            throw new UnusableFileException("does not exist", true);
        }
        if (own.isDirectory()) {
            throw new UnusableFileException("is a directory, not a certificate file", false);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new UnusableFileException("dangling symbolic link", true);
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.toString() : e.getReason();
            throw new UnusableFileException(reason.contains("symbolic links")
                    ? "symbolic link loop (" + reason + ")" : "cannot resolve: " + reason, false);
        } catch (IOException e) {
            throw new UnusableFileException("cannot resolve: " + e, false);
        }
        BasicFileAttributes target = own.isSymbolicLink() ? attributes(real) : own;
        if (target == null) {
            throw new UnusableFileException("symbolic link target vanished", true);
        }
        if (target.isDirectory()) {
            throw new UnusableFileException("symbolic link to a directory, not a certificate file", false);
        }
        if (!target.isRegularFile()) {
            throw new UnusableFileException("not a regular file (FIFO, socket or device); not opened", false);
        }
        if (target.size() > MAX_FILE_SIZE) {
            throw new UnusableFileException("larger than " + (MAX_FILE_SIZE >> 20) + " MiB (" + target.size()
                    + " bytes); not read", false);
        }
        Object identity = target.fileKey() != null ? target.fileKey() : real;
        return new RegularFile(real, identity, target.size());
    }

    /** The file's bytes; refuses files that grew past their checked size, since their content is in flux. */
    static byte[] read(RegularFile file) throws UnusableFileException {
        try (SeekableByteChannel channel = Files.newByteChannel(file.realPath(), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = new byte[(int) file.size()];
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    return Arrays.copyOf(content, buffer.position()); // shrank since the check: use what is there
                }
            }
            if (channel.read(ByteBuffer.allocate(1)) > 0) {
                throw new UnusableFileException("grew while being read (or reports a wrong size); not used", false);
            }
            return content;
        } catch (IOException e) {
            throw new UnusableFileException("read failed: " + e, false);
        }
    }

    /** {@code lstat}, or {@code null} when nothing is there. */
    static BasicFileAttributes attributes(Path path) throws UnusableFileException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UnusableFileException("cannot inspect: " + e, false);
        }
    }
}
