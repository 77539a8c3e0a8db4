package dev.systemtrust.cli;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import dev.systemtrust.spi.IssuerSignature;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SkippedInput;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;

/** Prints how the trust store was assembled: backend, places searched, exclusions, skips, and a remedy if empty. */
final class ExplainCommand {
    private final ReportSource source;
    private final PrintStream out;
    private final PrintStream err;

    ExplainCommand(ReportSource source, PrintStream out, PrintStream err) {
        this.source = source;
        this.out = out;
        this.err = err;
    }

    int run() {
        TrustStoreReader.Diagnosis diagnosis;
        try {
            diagnosis = source.read();
        } catch (IOException e) {
            err.println("systemtrust: " + e.getMessage());
            return SystemTrustCli.NO_ANCHORS;
        }
        TrustStoreReport report = diagnosis.report();
        out.println("backend: " + diagnosis.backendId() + " (chosen by " + diagnosis.selectedBecause() + ")");
        out.println();
        out.println("searched:");
        for (SearchedLocation location : report.searched()) {
            out.println("  " + location.outcome() + "\t" + location.location() + "\t" + location.certificates()
                    + " certificates" + (location.detail().isEmpty() ? "" : "\t" + location.detail()));
        }
        out.println();
        out.println("anchors: " + report.anchors().size() + " (" + report.duplicatesMerged()
                + " duplicate listings merged)");
        out.println("excluded: " + report.excluded().size());
        for (ExcludedCertificate exclusion : report.excluded()) {
            out.println("  " + exclusion.reason() + "\t" + exclusion.certificate().getSubjectX500Principal().getName()
                    + "\tsha256=" + AliasAssigner.sha256Hex(exclusion.certificate())
                    + "\t" + exclusion.source() + "\t" + exclusion.detail());
        }
        distrustedIntermediates(report);
        out.println("skipped inputs: " + report.skipped().size());
        for (SkippedInput skipped : report.skipped()) {
            out.println("  " + skipped.location() + "\t" + skipped.reason());
        }
        if (report.anchors().isEmpty()) {
            out.println();
            out.println("NO TRUSTED CERTIFICATES: KeyStore.load of SystemTrust fails on this machine.");
            out.println("how to fix: " + diagnosis.remedyWhenEmpty());
            return SystemTrustCli.NO_ANCHORS;
        }
        return SystemTrustCli.OK;
    }

    /**
     * Distrust of a certificate that is not self-signed can only be enforced by a trust manager that checks every
     * certificate of a path: a KeyStore handed to the JDK's PKIX can merely leave it out of the anchors.
     */
    private void distrustedIntermediates(TrustStoreReport report) {
        Set<X509Certificate> intermediates = new LinkedHashSet<>();
        for (ExcludedCertificate exclusion : report.excluded()) {
            if (exclusion.reason() == ExclusionReason.DISTRUSTED
                    && !IssuerSignature.selfSigned(exclusion.certificate())) {
                intermediates.add(exclusion.certificate());
            }
        }
        if (intermediates.isEmpty()) {
            return;
        }
        out.println("distrusted intermediates: " + intermediates.size()
                + " (DISTRUSTED above and not self-signed: a server can still send them in its chain)");
        out.println(DISTRUSTED_INTERMEDIATES);
    }

    static final String DISTRUSTED_INTERMEDIATES = String.join("\n",
            "  Enforced: the SystemTrust TrustManager (TrustManagerFactory \"SystemTrust\", which -javaagent installs)",
            "  refuses any chain through them.",
            "  NOT enforced: a plain KeyStore (-Djavax.net.ssl.trustStoreType=SystemTrust, or KeyStore \"SystemTrust\"",
            "  handed to the JDK's own PKIX TrustManagerFactory) only leaves them out of the anchors; the JDK never",
            "  learns of the distrust and accepts a server that sends one. Use the TrustManager path.");
}
