package dev.systemtrust.linux;

/**
 * A path that cannot serve as a certificate file; {@link #absent()} tells "not there" from "there but unusable", and
 * {@link #subdirectory()} marks a plain directory, which inside a certificate directory is normal, not a problem.
 */
final class UnusableFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean absent;
    private final boolean subdirectory;

    UnusableFileException(String reason, boolean absent) {
        this(reason, absent, false);
    }

    private UnusableFileException(String reason, boolean absent, boolean subdirectory) {
        super(reason);
        this.absent = absent;
        this.subdirectory = subdirectory;
    }

    static UnusableFileException directory() {
        return new UnusableFileException("is a directory, not a certificate file", false, true);
    }

    boolean subdirectory() {
        return subdirectory;
    }

    boolean absent() {
        return absent;
    }
}
