package dev.systemtrust.linux;

/** A path that cannot serve as a certificate file; {@link #absent()} tells "not there" from "there but unusable". */
final class UnusableFileException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean absent;

    UnusableFileException(String reason, boolean absent) {
        super(reason);
        this.absent = absent;
    }

    boolean absent() {
        return absent;
    }
}
