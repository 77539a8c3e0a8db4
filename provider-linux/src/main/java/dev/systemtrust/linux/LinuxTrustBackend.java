package dev.systemtrust.linux;

import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreReport;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Reads the Linux (and Android) CA store the way OpenSSL-based software sees it, in pure Java.
 *
 * <p>Sources: when {@code SSL_CERT_FILE} or {@code SSL_CERT_DIR} (colon-separated) is set, those and
 * nothing else, as in rustls-native-certs; paths that do not exist are reported as absent. Otherwise the
 * first readable bundle of {@link LinuxTrustLocations#standard()}, then <em>every</em> standard directory,
 * since OpenSSL itself consults its default file and its hashed directory together; entries in the
 * directories are deduplicated by canonical path (c_rehash {@code <hash>.N} links, links into
 * {@code /usr/share/ca-certificates}) and bundle files are not re-read from there. Identical certificates
 * are parsed once and reported once.
 *
 * <p>Trust, following OpenSSL for TLS servers: a plain {@code CERTIFICATE} (or DER file) is an anchor
 * when it is self-signed; a {@code TRUSTED CERTIFICATE} is distrusted when its reject list holds
 * serverAuth or anyExtendedKeyUsage (which removes it from every source), an anchor when its trust list
 * holds one of them, not an anchor when it has a trust list without them, and otherwise treated like a
 * plain certificate. Certificates in Android's {@code cacerts-removed} are distrusted. Malformed blocks,
 * malformed trust attributes and unusable files are skipped and reported, never trusted.
 */
public final class LinuxTrustBackend implements TrustStoreBackend {
    public static final String ID = "linux";

    private final Function<String, String> environment;
    private final LinuxTrustLocations locations;
    private final LongSupplier clock;
    private final ObservedFiles observed;
    /** The last capture, which tells the next one which paths existed; racing updates only cost system calls. */
    private volatile LinuxInputState.Capture lastCapture;

    /**
     * How often, at most, the files of the last read are checked again for changes their directories do not show
     * ({@code -Dsystemtrust.cache.fileCheckSeconds}, default 2; 0 checks on every load).
     */
    static final String FILE_CHECK_PROPERTY = "systemtrust.cache.fileCheckSeconds";
    private static final long DEFAULT_FILE_CHECK_SECONDS = 2;
    /** The longest a read waits for recently modified inputs to be quiet; longer, and the read counts as unsettled. */
    static final long MAX_QUIET_WAIT_MILLIS = 250;

    /** Reads this process's environment and the standard locations. */
    public LinuxTrustBackend() {
        this(new ProcessEnvironment(), LinuxTrustLocations.standard(), new NanoClock());
    }

    /** For tests and tools: a given environment (only SSL_CERT_FILE/SSL_CERT_DIR are read) and locations. */
    public LinuxTrustBackend(Map<String, String> environment, LinuxTrustLocations locations) {
        this(environment, locations, new NanoClock());
    }

    /** As above, with a clock in nanoseconds for the absent-location recheck interval. */
    LinuxTrustBackend(Map<String, String> environment, LinuxTrustLocations locations, LongSupplier clock) {
        this(Map.copyOf(environment)::get, locations, clock);
    }

    private LinuxTrustBackend(Function<String, String> environment, LinuxTrustLocations locations,
            LongSupplier clock) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.locations = Objects.requireNonNull(locations, "locations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observed = new ObservedFiles(fileCheckNanos(), clock.getAsLong());
    }

    private static long fileCheckNanos() {
        String seconds = System.getProperty(FILE_CHECK_PROPERTY);
        try {
            return seconds == null ? DEFAULT_FILE_CHECK_SECONDS * 1_000_000_000L
                    : (long) (Double.parseDouble(seconds) * 1_000_000_000L);
        } catch (NumberFormatException e) {
            return DEFAULT_FILE_CHECK_SECONDS * 1_000_000_000L;
        }
    }

    /** {@code System::nanoTime} as a class, for the same reason as {@link ProcessEnvironment}. */
    private static final class NanoClock implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.nanoTime();
        }
    }

    /** {@code System::getenv} as a class: a method reference costs a class spin on the cold load path. */
    private static final class ProcessEnvironment implements Function<String, String> {
        @Override
        public String apply(String name) {
            return System.getenv(name);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(String osName) {
        return "Linux".equals(osName);
    }

    /**
     * Reads the store once its inputs have been quiet long enough for their metadata to show any later change (see
     * {@link QuietPeriod}; usually no wait at all), so the provider can tell whether they changed during the read.
     */
    @Override
    public TrustStoreReport read() {
        String certFile = environment.apply(LinuxTrustScan.SSL_CERT_FILE);
        String certDir = environment.apply(LinuxTrustScan.SSL_CERT_DIR);
        waitUntilQuiet(certFile, certDir);
        ReadRecord record = new ReadRecord();
        TrustStoreReport report = new LinuxTrustScan(ID, record).read(certFile, certDir, locations);
        observed.afterRead(record);
        return report;
    }

    private void waitUntilQuiet(String certFile, String certDir) {
        LinuxInputState.Capture capture = lastCapture;
        if (capture == null || !Objects.equals(capture.state().certFile(), certFile)
                || !Objects.equals(capture.state().certDir(), certDir)) {
            capture = capture(certFile, certDir);
        }
        long giveUpAt = System.currentTimeMillis() + MAX_QUIET_WAIT_MILLIS;
        for (;;) {
            long now = System.currentTimeMillis();
            long quietAt = Math.max(observed.quietAtMillis(), capture.state().quietAtMillis(now));
            if (quietAt <= now) {
                return;
            }
            if (now >= giveUpAt) {
                observed.stillChanging(quietAt); // the read goes ahead, and the provider will not trust it
                return;
            }
            if (!QuietPeriod.Pause.sleep(Math.min(quietAt, giveUpAt) - now)) {
                observed.stillChanging(quietAt);
                return;
            }
            capture = capture(certFile, certDir);
        }
    }

    /** See {@link LinuxInputState}: one stat per candidate path, no certificate data read. */
    @Override
    public Object inputState() {
        observed.checkFilesIfDue(clock.getAsLong());
        return capture(environment.apply(LinuxTrustScan.SSL_CERT_FILE), environment.apply(LinuxTrustScan.SSL_CERT_DIR))
                .state();
    }

    private LinuxInputState.Capture capture(String certFile, String certDir) {
        LinuxInputState.Capture capture = LinuxInputState.capture(certFile, certDir, locations, lastCapture,
                clock.getAsLong(), observed);
        lastCapture = capture;
        return capture;
    }

    @Override
    public String remedyWhenEmpty() {
        return "install your distribution's CA certificates package (Debian/Ubuntu/Alpine: ca-certificates, then "
                + "update-ca-certificates; Fedora/RHEL: ca-certificates, then update-ca-trust; openSUSE: "
                + "ca-certificates-mozilla), or set SSL_CERT_FILE to a PEM bundle and/or SSL_CERT_DIR to a directory "
                + "of certificates. When either variable is set only those paths are read, so check the files "
                + "named above exist and contain certificates.";
    }
}
