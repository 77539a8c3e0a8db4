package dev.systemtrust.it.race;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.SystemTrustProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM that loads {@code KeyStore.getInstance("SystemTrust")} in a loop on several threads for a while and
 * classifies every load: exactly version A's anchors, exactly version B's, anything else, or an exception. Prints
 * {@code LOADS <n> A <a> B <b> OTHER <o> FAILED <f>}, then up to five examples of each problem.
 */
public final class ConcurrentLoads {
    private static final AtomicLong A = new AtomicLong();
    private static final AtomicLong B = new AtomicLong();
    private static final AtomicLong OTHER = new AtomicLong();
    private static final AtomicLong FAILED = new AtomicLong();
    private static final List<String> EXAMPLES = Collections.synchronizedList(new ArrayList<>());

    private ConcurrentLoads() {
    }

    /** {@code <threads> <milliseconds> <fingerprints of A> <fingerprints of B>} (SHA-256 hex, one a line). */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long end = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
        Set<String> versionA = Set.copyOf(Files.readAllLines(Path.of(args[2])));
        Set<String> versionB = Set.copyOf(Files.readAllLines(Path.of(args[3])));
        Security.addProvider(new SystemTrustProvider());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(() -> loadUntil(end, versionA, versionB), "loader-" + i);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("LOADS " + (A.get() + B.get() + OTHER.get() + FAILED.get()) + " A " + A.get() + " B "
                + B.get() + " OTHER " + OTHER.get() + " FAILED " + FAILED.get());
        synchronized (EXAMPLES) {
            EXAMPLES.forEach(System.out::println);
        }
    }

    private static void loadUntil(long end, Set<String> versionA, Set<String> versionB) {
        // Loads from one read share certificate instances, so each certificate is hashed once per thread.
        Map<X509Certificate, String> fingerprints = new IdentityHashMap<>();
        while (System.nanoTime() < end) {
            Set<String> anchors = new HashSet<>();
            try {
                KeyStore store = KeyStore.getInstance("SystemTrust");
                store.load(null, null);
                for (String alias : Collections.list(store.aliases())) {
                    X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
                    anchors.add(fingerprints.computeIfAbsent(certificate, AliasAssigner::sha256Hex));
                }
            } catch (Exception | AssertionError e) {
                example(FAILED, "FAILURE " + e.toString().replace('\n', '|'));
                continue;
            }
            // A short rest between loads, as a server between handshakes, so eight threads do not starve the
            // process that changes the store on a two-core machine.
            LockSupport.parkNanos(50_000);
            if (anchors.equals(versionA)) {
                A.incrementAndGet();
            } else if (anchors.equals(versionB)) {
                B.incrementAndGet();
            } else {
                Set<String> missing = new HashSet<>(versionA);
                missing.removeAll(anchors);
                example(OTHER, "OTHER " + anchors.size() + " anchors, " + missing.size() + " of A's missing");
            }
        }
    }

    private static void example(AtomicLong counter, String example) {
        if (counter.incrementAndGet() <= 5) {
            EXAMPLES.add(example);
        }
    }
}
