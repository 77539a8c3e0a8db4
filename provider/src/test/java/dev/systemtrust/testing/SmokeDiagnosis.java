package dev.systemtrust.testing;

import dev.systemtrust.spi.TrustStoreReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

/**
 * For smoke tests against a real OS that cannot run here: a failing check prints the whole error and what the OS
 * answered before it fails, so the first run's log on that OS says why.
 *
 * @param test the smoke test's name, heading what is printed
 * @param os   the OS's name, e.g. "macOS"
 */
public record SmokeDiagnosis(String test, String os) {

    /**
     * Runs a check; on any failure prints the whole error and {@code status} (its {@code toString()} read after the
     * check, so a recorder filled during the check shows what it recorded), then rethrows.
     */
    public <T> T diagnosed(String what, Object status, Callable<T> check) throws Throwable {
        try {
            return check.call();
        } catch (Throwable failure) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            System.err.println("=== " + test + ": " + what + " failed ===\n" + trace + "--- what " + os
                    + " answered ---\n" + status + "\n=== end ===");
            throw failure;
        }
    }

    /** A read's counts, searched locations and skips, for a failure's log. */
    public static String describe(TrustStoreReport report) {
        return report.anchors().size() + " anchors, " + report.excluded().size() + " excluded, "
                + report.intermediates().size() + " intermediates; searched:\n" + report.describeSearched()
                + "skipped: " + report.skipped();
    }
}
