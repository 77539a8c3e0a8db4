package dev.systemtrust.cli.check;

/** What the user typed cannot be used; the message says what was expected (exit code 2). */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
