package dev.systemtrust.testing;

import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import java.util.function.Supplier;

/**
 * A backend serving whatever a test puts in {@link #serve}; selected only with
 * {@code -Dsystemtrust.backend=fake-for-tests}, never by OS.
 */
public final class FakeBackend implements TrustStoreBackend {
    public static final String ID = "fake-for-tests";

    private static volatile Supplier<TrustStoreReport> source = () -> TrustStoreReport.builder(ID).build();
    private static volatile Supplier<Object> state = () -> null;
    private static volatile dev.systemtrust.spi.ServerChainVerifier verifier;
    private static final java.util.concurrent.atomic.AtomicInteger READS = new java.util.concurrent.atomic.AtomicInteger();

    /** Serves {@code reports}, with no input state: every load reads. */
    public static void serve(Supplier<TrustStoreReport> reports) {
        source = reports;
        state = () -> null;
    }

    /** Serves {@code reports} and declares {@code inputState} as the state of its inputs. */
    public static void serve(Supplier<TrustStoreReport> reports, Supplier<Object> inputState) {
        source = reports;
        state = inputState;
    }

    /** Makes the backend offer {@code chainVerifier} as its OS chain verifier ({@code null}: none). */
    public static void verifyWith(dev.systemtrust.spi.ServerChainVerifier chainVerifier) {
        verifier = chainVerifier;
    }

    @Override
    public java.util.Optional<dev.systemtrust.spi.ServerChainVerifier> serverChainVerifier() {
        return java.util.Optional.ofNullable(verifier);
    }

    /** How many times {@link #read()} ran. */
    public static int reads() {
        return READS.get();
    }

    @Override
    public Object inputState() {
        return state.get();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(String osName) {
        return false;
    }

    @Override
    public TrustStoreReport read() throws TrustStoreException {
        READS.incrementAndGet();
        TrustStoreReport report = source.get();
        if (report == null) {
            throw new TrustStoreException("fake store unavailable");
        }
        return report;
    }

    @Override
    public String remedyWhenEmpty() {
        return "give the fake backend some certificates";
    }
}
