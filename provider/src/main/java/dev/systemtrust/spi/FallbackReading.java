package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The shared, loud way a native backend falls back: a WARNING naming what is lost, a {@code FALLBACK} entry in the
 * searched locations, and a load that fails naming both causes rather than returning an empty store.
 */
public final class FallbackReading {
    private static final System.Logger LOG = System.getLogger("dev.systemtrust");

    private FallbackReading() {
    }

    /**
     * @param report     the report so far (searched locations of the failed native read may already be in it)
     * @param osStore    what could not be read, e.g. "the Windows certificate stores"
     * @param failure    why
     * @param notApplied what the fallback does not apply, e.g. "Disallowed and enhanced key usage not applied"
     */
    public static TrustStoreReport read(TrustStoreReport.Builder report, String osStore, String failure,
            RootStoreFallback fallback, String notApplied) throws TrustStoreException {
        LOG.log(System.Logger.Level.WARNING, "SystemTrust cannot read {0} ({1}); falling back to {2}: {3}", osStore,
                failure, fallback.location(), notApplied);
        List<X509Certificate> certificates;
        try {
            certificates = fallback.load();
        } catch (Exception e) {
            throw new TrustStoreException("cannot read " + osStore + " (" + failure + "), and the fallback "
                    + fallback.location() + " failed too: " + e.getMessage(), e);
        }
        report.searched(fallback.location(), SearchedLocation.Outcome.READ, certificates.size(),
                "FALLBACK because " + failure + "; " + notApplied);
        for (X509Certificate certificate : certificates) {
            report.trust(certificate, null, fallback.location());
        }
        return report.build();
    }

    /** JNA's load errors run over many lines (every path it tried); the first says what failed. */
    public static String firstLine(Throwable e) {
        Throwable shown = e.getMessage() == null && e.getCause() != null ? e.getCause() : e;
        String text = shown.toString();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
