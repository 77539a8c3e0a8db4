package dev.systemtrust.linux;

import dev.systemtrust.spi.TrustStoreReport;
import java.util.Map;

/** Reads the directory named by its argument as SSL_CERT_DIR and prints anchors and skips; run in a child JVM. */
public final class ReadDirectoryMain {
    private ReadDirectoryMain() {
    }

    public static void main(String[] args) {
        TrustStoreReport report = new LinuxTrustBackend(Map.of("SSL_CERT_DIR", args[0]),
                LinuxTrustLocations.under(java.nio.file.Path.of(args[0]))).read();
        System.out.println("ANCHORS " + report.anchors().size() + " SKIPPED " + report.skipped().size()
                + " ENCODING " + System.getProperty("sun.jnu.encoding"));
    }
}
