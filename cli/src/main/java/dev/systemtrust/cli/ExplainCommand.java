package dev.systemtrust.cli;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.SearchedLocation;
import dev.systemtrust.spi.SkippedInput;
import dev.systemtrust.spi.TrustStoreReport;
import java.io.IOException;
import java.io.PrintStream;

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
}
