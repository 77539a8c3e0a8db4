package dev.systemtrust.cli;

import dev.systemtrust.TrustStoreReader;
import java.io.IOException;

/** Where the CLI gets its report; tests substitute a fake backend through the same provider path. */
public interface ReportSource {
    ReportSource SYSTEM = TrustStoreReader::readDiagnosis;

    TrustStoreReader.Diagnosis read() throws IOException;
}
