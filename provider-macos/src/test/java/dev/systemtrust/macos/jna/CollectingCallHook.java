package dev.systemtrust.macos.jna;

import com.sun.jna.internal.Cleaner;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Shim.CallHook} that, inside every {@code period}-th hooked call, runs a full garbage collection and waits
 * until JNA's cleaner has freed what became unreachable: a native buffer the bindings stopped referencing before the
 * call read it is then freed (and overwritten by the allocator) while the shim reads it, which the shim reports.
 * Records the calls it collected in, so a test can show every hooked call was hit.
 */
final class CollectingCallHook implements Shim.CallHook {
    private final int period;
    final Set<String> collectedIn = new TreeSet<>();
    int calls;
    int collections;

    CollectingCallHook(int period) {
        this.period = period;
    }

    @Override
    public void invoke(String function) {
        calls++;
        if (calls % period != 0) {
            return;
        }
        collections++;
        collectedIn.add(function);
        // Two rounds: the first collection finds the buffers unreachable, the cleaner frees them after it.
        for (int round = 0; round < 2; round++) {
            CountDownLatch cleaned = new CountDownLatch(1);
            Cleaner.getCleaner().register(new Object(), cleaned::countDown);
            System.gc();
            try {
                if (!cleaned.await(5, TimeUnit.SECONDS)) {
                    throw new AssertionError("JNA's cleaner did not run within 5 s of a collection");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
