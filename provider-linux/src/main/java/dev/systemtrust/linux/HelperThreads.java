package dev.systemtrust.linux;

/**
 * Starting the threads a full read uses to overlap work (decoding certificates ahead). A load must never need one:
 * in a process at its thread limit, {@link Thread#start()} throws {@code OutOfMemoryError: unable to create native
 * thread}, and the work is then done on the loading thread instead.
 */
final class HelperThreads {
    private HelperThreads() {
    }

    /** Starts {@code helper}; {@code false} when it could not be started, and the caller must do its work itself. */
    static boolean start(Thread helper) {
        try {
            helper.start();
            return true;
        } catch (RuntimeException | OutOfMemoryError e) {
            return false;
        }
    }
}
