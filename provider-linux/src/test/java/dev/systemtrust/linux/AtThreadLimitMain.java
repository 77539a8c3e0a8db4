package dev.systemtrust.linux;

import dev.systemtrust.SystemTrustProvider;
import java.security.KeyStore;
import java.util.concurrent.CountDownLatch;

/**
 * Starts threads until the process may start no more, then loads the SystemTrust KeyStore; prints {@code LIMIT <n>}
 * and {@code SIZE <anchors>} or {@code FAILED <error>}. Run in a child JVM under a small thread limit of its own.
 */
public final class AtThreadLimitMain {
    private AtThreadLimitMain() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        int started = 0;
        try {
            for (; started < 100_000; started++) {
                Thread parked = new Thread(new Parker(never));
                parked.setDaemon(true);
                parked.start();
            }
            System.out.println("NO LIMIT");
        } catch (OutOfMemoryError limit) {
            System.out.println("LIMIT " + started);
        }
        try {
            KeyStore store = KeyStore.getInstance("SystemTrust", new SystemTrustProvider());
            store.load(null, null);
            System.out.println("SIZE " + store.size());
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
        }
        System.exit(0);
    }

    private static final class Parker implements Runnable {
        private final CountDownLatch never;

        Parker(CountDownLatch never) {
            this.never = never;
        }

        @Override
        public void run() {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
