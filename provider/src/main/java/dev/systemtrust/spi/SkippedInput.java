package dev.systemtrust.spi;

import java.util.Objects;

/**
 * An input that could not be used: unreadable file, garbage PEM block, FIFO, oversized file, API error.
 *
 * @param location the file, block or store that was skipped (with a position where useful, e.g. {@code file:line})
 * @param reason   why, in words a user can act on
 */
public record SkippedInput(String location, String reason) {
    public SkippedInput {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(reason, "reason");
    }
}
