package dev.systemtrust.linux;

/** Receives inputs that had to be skipped; the backend forwards them to the report. */
@FunctionalInterface
interface InputProblems {
    void skip(String location, String reason);
}
