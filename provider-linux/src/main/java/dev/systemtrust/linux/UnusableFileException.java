package dev.systemtrust.linux;

/**
 * A path that cannot serve as a certificate file, and which kind of problem that is: not there, a plain directory
 * (inside a certificate directory that is normal, not a problem), content that changed while it was read (read
 * again, never used), or anything else that makes the file unusable.
 */
final class UnusableFileException extends Exception {
    private static final long serialVersionUID = 1L;

    // Kinds as constants, not an enum: one class less to load on every cold start.
    private static final int UNUSABLE = 0;
    private static final int ABSENT = 1;
    private static final int SUBDIRECTORY = 2;
    private static final int CHANGED_WHILE_READ = 3;

    private final int kind;

    UnusableFileException(String reason, boolean absent) {
        this(reason, absent ? ABSENT : UNUSABLE);
    }

    private UnusableFileException(String reason, int kind) {
        super(reason);
        this.kind = kind;
    }

    static UnusableFileException directory() {
        return new UnusableFileException("is a directory, not a certificate file", SUBDIRECTORY);
    }

    static UnusableFileException changedWhileRead(String how) {
        return new UnusableFileException("changed while being read (" + how + "); read again", CHANGED_WHILE_READ);
    }

    boolean subdirectory() {
        return kind == SUBDIRECTORY;
    }

    boolean absent() {
        return kind == ABSENT;
    }

    boolean changedWhileRead() {
        return kind == CHANGED_WHILE_READ;
    }
}
