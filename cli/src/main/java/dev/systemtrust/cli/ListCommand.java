package dev.systemtrust.cli;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.spi.TrustedCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Prints every anchor, one per line (tab-separated), or as PEM with {@code --pem}. */
final class ListCommand {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final ReportSource source;
    private final PrintStream out;
    private final PrintStream err;

    ListCommand(ReportSource source, PrintStream out, PrintStream err) {
        this.source = source;
        this.out = out;
        this.err = err;
    }

    int run(List<String> options) {
        boolean pem = options.equals(List.of("--pem"));
        if (!options.isEmpty() && !pem) {
            err.println("systemtrust: list takes only --pem");
            return SystemTrustCli.USAGE;
        }
        TrustStoreReader.Diagnosis diagnosis;
        try {
            diagnosis = source.read();
        } catch (IOException e) {
            err.println("systemtrust: " + e.getMessage());
            return SystemTrustCli.NO_ANCHORS;
        }
        List<TrustedCertificate> anchors = diagnosis.report().anchors();
        if (anchors.isEmpty()) {
            err.println("systemtrust: no trusted certificates found; run 'systemtrust explain' for every place searched");
            return SystemTrustCli.NO_ANCHORS;
        }
        Map<String, X509Certificate> byAlias = AliasAssigner.assign(anchors);
        Map<X509Certificate, TrustedCertificate> anchorOf = new java.util.HashMap<>();
        anchors.forEach(anchor -> anchorOf.put(anchor.certificate(), anchor));
        if (!pem) {
            out.println("# alias\tsha256\tnot-after\tsubject\tsource");
        }
        for (Map.Entry<String, X509Certificate> entry : byAlias.entrySet()) {
            X509Certificate certificate = entry.getValue();
            if (pem) {
                out.println("# " + entry.getKey() + " (" + anchorOf.get(certificate).source() + ")");
                out.print(pem(certificate));
            } else {
                out.println(String.join("\t", entry.getKey(), AliasAssigner.sha256Hex(certificate),
                        DAY.format(certificate.getNotAfter().toInstant()),
                        certificate.getSubjectX500Principal().getName(), anchorOf.get(certificate).source()));
            }
        }
        return SystemTrustCli.OK;
    }

    private static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("an already parsed certificate cannot be re-encoded", e);
        }
    }
}
