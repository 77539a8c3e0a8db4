package dev.systemtrust.windows;

import java.time.Instant;

/** A Windows {@code FILETIME}: 100-nanosecond intervals since 1601-01-01 UTC, little-endian in property bytes. */
final class Filetime {
    /** Seconds from 1601-01-01 to 1970-01-01. */
    private static final long EPOCH_OFFSET_SECONDS = 11_644_473_600L;
    private static final long TICKS_PER_SECOND = 10_000_000L;

    private Filetime() {
    }

    /** Decodes an 8-byte FILETIME property value. */
    static Instant decode(byte[] value) {
        if (value == null || value.length != 8) {
            throw new IllegalArgumentException("a FILETIME has 8 bytes, not " + (value == null ? 0 : value.length));
        }
        long ticks = 0;
        for (int i = 7; i >= 0; i--) {
            ticks = (ticks << 8) | (value[i] & 0xFF);
        }
        if (ticks < 0) {
            throw new IllegalArgumentException("FILETIME out of range");
        }
        return Instant.ofEpochSecond(Math.floorDiv(ticks, TICKS_PER_SECOND) - EPOCH_OFFSET_SECONDS,
                Math.floorMod(ticks, TICKS_PER_SECOND) * 100);
    }

    /** The FILETIME value of an instant, as {@code CertGetCertificateChain}'s {@code pTime} takes it. */
    static long ticks(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond() + EPOCH_OFFSET_SECONDS, TICKS_PER_SECOND),
                instant.getNano() / 100);
    }
}
