package dev.systemtrust.spi;

import java.util.Objects;

/**
 * One place the backend looked, and what came of it.
 *
 * @param location     file, directory, environment variable, keychain domain or store location
 * @param outcome      what happened
 * @param certificates how many certificates were read from it (before dedupe and trust decisions)
 * @param detail       specifics, e.g. "not set", "a later bundle is ignored once one is found"
 */
public record SearchedLocation(String location, Outcome outcome, int certificates, String detail) {

    public enum Outcome {
        /** Read and contributed certificates (possibly zero). */
        READ,
        /** Does not exist or is not set. */
        ABSENT,
        /** Exists but was not consulted, by rule (e.g. an earlier bundle already won). */
        NOT_CONSULTED,
        /** Exists but could not be read. */
        FAILED
    }

    public SearchedLocation {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (certificates < 0) {
            throw new IllegalArgumentException("certificates must be >= 0");
        }
    }
}
