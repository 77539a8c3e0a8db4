package dev.systemtrust.linux;

import java.nio.file.attribute.FileTime;

/**
 * How long after its last modification an input is taken to have stopped changing. Two reasons it is not zero:
 * the kernel stamps modifications with a clock that advances once per tick (1 to 10 ms; some file systems keep
 * whole seconds), so a change in the same tick as the last one leaves the metadata as it was (git calls such
 * entries "racily clean"); and tools update a store in many steps ({@code update-ca-certificates} runs {@code ln}
 * once per certificate, {@code cat > bundle} truncates before it writes), so a directory or file caught between
 * steps is a partial store. A read of inputs modified more recently than this is not trusted: it is repeated, and
 * meanwhile loads keep the previous read.
 *
 * <p>A time more than {@link #FUTURE_SKEW_MILLIS} ahead of this machine's clock says nothing about when the input last
 * changed (a file server whose clock is ahead, an image built on a host whose clock was, {@code touch -d}): waiting
 * for it would hold every load until this clock catches up, so such an input counts as quiet. A change to it still
 * shows, as a different time, size or inode.
 */
final class QuietPeriod {
    /** Well over a clock tick, and over the usual gap between an update tool's steps on a busy machine. */
    static final long MILLIS = 100;
    /** For content that looks cut short (an empty file, or one ending inside a PEM block): a write in progress. */
    static final long CUT_SHORT_MILLIS = 1_000;
    /** Added for timestamps without a sub-second part: file systems that store whole seconds. */
    static final long WHOLE_SECOND_MILLIS = 1_000;
    /** How far ahead of this machine's clock a modification time may be and still be waited for. */
    static final long FUTURE_SKEW_MILLIS = 2_000;

    private QuietPeriod() {
    }

    /**
     * The wall-clock time (ms since the epoch) from which an input last modified at {@code modified} is quiet, {@code
     * nowMillis} being the time now; 0 for a time too far in the future to wait for.
     */
    static long endsAt(FileTime modified, long nowMillis) {
        return endsAt(modified, MILLIS, nowMillis);
    }

    /** The same for content that looks cut short. */
    static long endsAtForCutShort(FileTime modified, long nowMillis) {
        return endsAt(modified, CUT_SHORT_MILLIS, nowMillis);
    }

    /**
     * Waiting for inputs to become quiet. A class of its own: verifying a method that catches InterruptedException
     * loads that class, and this is reached only when inputs are not quiet, never on a clean cold start.
     */
    static final class Pause {
        private Pause() {
        }

        /** Sleeps; {@code false} when interrupted (the flag is kept). */
        static boolean sleep(long millis) {
            try {
                Thread.sleep(millis);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static long endsAt(FileTime modified, long period, long nowMillis) {
        // Milliseconds only: FileTime.to(NANOSECONDS) loads java.time on a cold start. A fine-grained time that
        // happens to fall on a whole second (one in a thousand) only costs a longer wait.
        long millis = modified.toMillis();
        if (millis - nowMillis > FUTURE_SKEW_MILLIS) {
            return 0;
        }
        return millis + period + (millis % 1000 == 0 ? WHOLE_SECOND_MILLIS : 0);
    }
}
