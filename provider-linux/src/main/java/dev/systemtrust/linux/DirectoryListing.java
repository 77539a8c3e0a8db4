package dev.systemtrust.linux;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One certificate directory's entries in the order the scan uses them: hash names first, so a file reached by a
 * hash name and another name is read with the hash name's role, then the others, each group by name ({@code
 * <hash>.0} before {@code <hash>.1}, and a report that is stable between runs). {@link #fetch} checks and reads
 * the entries ahead of their use, on another thread ({@link DirectoryPrefetch}); an entry not fetched is checked
 * and read when used. Either way the bytes come from {@link CertificateFiles}, so the checks are the same.
 */
final class DirectoryListing {
    /** Why the directory could not be listed (for the report), or {@code null}. */
    final String failure;
    final boolean absent;
    final List<Entry> hashNamed = new ArrayList<>();
    final List<Entry> otherNames = new ArrayList<>();

    private DirectoryListing(String failure, boolean absent) {
        this.failure = failure;
        this.absent = absent;
    }

    static DirectoryListing of(Path directory) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(directory, BasicFileAttributes.class);
        } catch (IOException e) {
            boolean absent = e instanceof NoSuchFileException || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
            return new DirectoryListing(absent ? "does not exist" : "cannot inspect: " + e, absent);
        }
        if (!attributes.isDirectory()) {
            return new DirectoryListing("not a directory", false);
        }
        DirectoryListing listing = new DirectoryListing(null, false);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                Entry entry = new Entry(path);
                (isHashName(entry.name) ? listing.hashNamed : listing.otherNames).add(entry);
            }
        } catch (IOException | DirectoryIteratorException e) {
            return new DirectoryListing("cannot list: " + e, false);
        }
        Collections.sort(listing.hashNamed);
        Collections.sort(listing.otherNames);
        return listing;
    }

    /**
     * Checks and reads the entries in order, each file's content once however many names lead to it and none of
     * the files in {@code unread} (identities), until {@code byteBudget} bytes are held; returns what is left of the
     * budget.
     */
    long fetch(long byteBudget, Set<Object> unread) {
        Set<Object> read = new HashSet<>(unread);
        long left = fetch(hashNamed, read, byteBudget);
        return fetch(otherNames, read, left);
    }

    private static long fetch(List<Entry> entries, Set<Object> read, long byteBudget) {
        long left = byteBudget;
        for (Entry entry : entries) {
            if (left <= 0) {
                return left;
            }
            left -= entry.fetch(read);
        }
        return left;
    }

    /**
     * Whether the name is one OpenSSL's directory lookup reads: a subject hash and a sequence number, such as
     * {@code 3513523f.0}. Checked by hand: it runs for every directory entry on the cold start path.
     */
    static boolean isHashName(Path entry) {
        return isHashName(entry.getFileName().toString());
    }

    static boolean isHashName(String name) {
        if (name.length() < 10 || name.charAt(8) != '.') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = i < 8 ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') : i == 8 || (c >= '0' && c <= '9');
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    /**
     * A directory entry sorted by its name as a {@code String}: on a cold start {@code String.compareTo} is already
     * compiled, while {@code Path.compareTo} runs interpreted over the bytes of some 300 names. Fields set by
     * {@link #fetch} are read only after the fetching thread has finished (its {@code join}).
     */
    static final class Entry implements Comparable<Entry> {
        final Path path;
        final String name;
        private CertificateFiles.RegularFile file;
        private byte[] content;
        private UnusableFileException resolveProblem;
        private UnusableFileException readProblem;

        Entry(Path path) {
            this.path = path;
            this.name = path.getFileName().toString();
        }

        /** Checks the file and, unless another name of it was read already, reads it; returns the bytes held. */
        private long fetch(Set<Object> read) {
            try {
                file = CertificateFiles.resolve(path);
            } catch (UnusableFileException e) {
                resolveProblem = e;
                return 0;
            }
            if (!read.add(file.identity())) {
                return 0;
            }
            try {
                content = CertificateFiles.read(file);
                return content.length;
            } catch (UnusableFileException e) {
                readProblem = e;
                return 0;
            }
        }

        /** The checked file, from the fetch or checked now. */
        CertificateFiles.RegularFile file() throws UnusableFileException {
            if (resolveProblem != null) {
                throw resolveProblem;
            }
            if (file == null) {
                file = CertificateFiles.resolve(path);
            }
            return file;
        }

        /** The file's bytes, from the fetch or read now. */
        byte[] content() throws UnusableFileException {
            if (readProblem != null) {
                throw readProblem;
            }
            return content != null ? content : CertificateFiles.read(file());
        }

        @Override
        public int compareTo(Entry other) {
            return name.compareTo(other.name);
        }
    }
}
