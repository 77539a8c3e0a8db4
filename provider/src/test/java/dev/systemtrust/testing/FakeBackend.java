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

    public static void serve(Supplier<TrustStoreReport> reports) {
        source = reports;
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
