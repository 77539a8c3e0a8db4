package dev.systemtrust.cli.check;

/** One thing wrong with the served chain or the connection, in plain words. */
record Problem(Verdict verdict, String message) {
}
