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
     * A native read into a report: {@code null} when it produced a usable answer, else why not (the fallback is then
     * read). It throws {@link TrustStoreException} when the OS store must not be used and the fallback must not
     * replace it either, e.g. when what the OS distrusts cannot be read and the fallback applies no distrust.
     */
    public interface NativeRead {
        String readInto(TrustStoreReport.Builder report) throws TrustStoreException;
    }

    /**
     * The native read's report, or, when it has no usable answer, throws an unchecked exception or cannot even link
     * (JNA missing), the fallback's. A failed native read's partial results are dropped: the fallback's answer must
     * not mix with half a native read. A {@link TrustStoreException} from the native read is thrown as it is, with
     * no fallback.
     *
     * @param nativeLocation names the native source in the searched locations, e.g. "crypt32 via JNA"
     */
    public static TrustStoreReport nativeOrFallback(String backendId, String nativeLocation, NativeRead nativeRead,
            String osStore, RootStoreFallback fallback, String notApplied) throws TrustStoreException {
        TrustStoreReport.Builder report = TrustStoreReport.builder(backendId);
        String failure;
        try {
            failure = nativeRead.readInto(report);
            if (failure == null) {
                return report.build();
            }
        } catch (LinkageError | RuntimeException e) {
            failure = nativeLocation + " failed: " + firstLine(e);
            report = TrustStoreReport.builder(backendId);
            report.searched(nativeLocation, SearchedLocation.Outcome.FAILED, 0, firstLine(e));
            LOG.log(System.Logger.Level.DEBUG, "native read of " + osStore + " failed", e);
        }
        return read(report, osStore, failure, fallback, notApplied);
    }

    /**
     * @param report     the report so far (searched locations of the failed native read may already be in it)
     * @param osStore    what could not be read, e.g. "the Windows certificate stores"
     * @param failure    why
     * @param notApplied what the fallback does not apply, e.g. "Disallowed and enhanced key usage not applied"
     */
    private static TrustStoreReport read(TrustStoreReport.Builder report, String osStore, String failure,
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
