package dev.systemtrust.linux;

/**
 * A path that cannot serve as a certificate file, and which kind of problem that is: not there, a plain directory
 * (inside a certificate directory that is normal, not a problem), content that changed while it was read (read
 * again, never used), or anything else that makes the file unusable.
 */
final class UnusableFileException extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind { ABSENT, SUBDIRECTORY, CHANGED_WHILE_READ, UNUSABLE }

    private final Kind kind;

    UnusableFileException(String reason, boolean absent) {
        this(reason, absent ? Kind.ABSENT : Kind.UNUSABLE);
    }

    UnusableFileException(String reason, Kind kind) {
        super(reason);
        this.kind = kind;
    }

    static UnusableFileException directory() {
        return new UnusableFileException("is a directory, not a certificate file", Kind.SUBDIRECTORY);
    }

    static UnusableFileException changedWhileRead(String how) {
        return new UnusableFileException("changed while being read (" + how + "); read again", Kind.CHANGED_WHILE_READ);
    }

    boolean subdirectory() {
        return kind == Kind.SUBDIRECTORY;
    }

    boolean absent() {
        return kind == Kind.ABSENT;
    }

    boolean changedWhileRead() {
        return kind == Kind.CHANGED_WHILE_READ;
    }
}
