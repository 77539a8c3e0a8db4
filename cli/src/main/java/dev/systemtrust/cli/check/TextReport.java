package dev.systemtrust.cli.check;

import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.util.List;

/** The check report for people: the chain, each store's answer and path, the verdict, the fix. */
final class TextReport {
    private TextReport() {
    }

    static void print(CheckReport report, PrintStream out) {
        out.println("server:     " + report.target().authority() + ", " + report.route().describe());
        if (report.handshake().isEmpty()) {
            out.println();
            out.println("verdict: " + report.verdict().words());
            out.println("error:   " + report.connectError());
            return;
        }
        ServedChainProbe.Handshake handshake = report.handshake().get();
        out.println("handshake:  " + handshake.protocol() + ", " + handshake.cipherSuite()
                + " (no application data sent)");
        out.println();
        List<X509Certificate> chain = handshake.chain();
        out.println("served chain (" + chain.size() + (chain.size() == 1 ? " certificate" : " certificates")
                + ", the server's own first):");
        for (int i = 0; i < chain.size(); i++) {
            CertificateFacts facts = CertificateFacts.of(chain.get(i));
            out.println("  [" + i + "] " + facts.subject());
            out.println("      issuer:   " + facts.issuer() + (facts.selfSigned() ? " (self-signed)" : ""));
            out.println("      valid:    " + facts.notBefore() + " to " + facts.notAfter());
            out.println("      key:      " + facts.keyAlgorithm() + (facts.keyBits() > 0 ? " " + facts.keyBits()
                    + " bits" : "") + ", signed with " + facts.signatureAlgorithm());
            if (!facts.names().isEmpty()) {
                out.println("      names:    " + String.join(", ", facts.names()));
            }
            out.println("      sha256:   " + facts.sha256());
            for (String weakness : facts.weaknesses()) {
                out.println("      weak:     " + weakness);
            }
        }
        out.println();
        report.systemTrust().ifPresent(judgement -> store("SystemTrust (OS store, backend " + report.backendId()
                + ")", judgement, chain, out));
        report.jdk().ifPresent(judgement -> store("JDK default trust store (" + judgement.store() + ")", judgement,
                chain, out));
        HostNameVerdict host = handshake.hostName();
        out.println("host name " + host.name() + ": " + (host.matches() ? "matches the certificate"
                : "does NOT match: " + host.detail()));
        out.println();
        out.println("verdict: " + report.verdict().words());
        for (Problem problem : report.problems()) {
            out.println("  " + problem.verdict().code() + ": " + problem.message());
        }
        out.println("fix:     " + report.fix().orElse("nothing to fix"));
        for (String note : report.notes()) {
            out.println("note:    " + note);
        }
    }

    private static void store(String title, StoreJudgement judgement, List<X509Certificate> chain, PrintStream out) {
        TrustDecision decision = judgement.decision();
        out.println(title + ": " + (decision.accepted() ? "trusted" : "NOT trusted: " + decision.message()));
        if (judgement.path().isEmpty()) {
            out.println("  path: not explained: " + judgement.pathUnavailable());
            return;
        }
        IssuerWalk.WalkedPath path = judgement.path().get();
        String prefix = "  path: ";
        for (IssuerWalk.Link link : path.links()) {
            out.println(prefix + describe(link, chain));
            prefix = "     <- ";
        }
        switch (path.ending()) {
            case ANCHOR -> { }
            case SELF_SIGNED -> out.println("  ends: at a self-signed certificate that is not an anchor here");
            case UNKNOWN_ISSUER -> out.println("  ends: issuer " + path.last().certificate().getIssuerX500Principal()
                    .getName() + " is neither sent by the server nor in this store");
            case REFUSED_ISSUER -> path.refusedIssuer().ifPresent(refused -> out.println("  ends: issuer "
                    + ChainProblems.name(refused.certificate()) + " is " + refused.reason() + " here ("
                    + refused.source() + ": " + refused.detail() + ")"));
            case NO_END -> out.println("  ends: the certificates loop or the path is too long");
        }
    }

    private static String describe(IssuerWalk.Link link, List<X509Certificate> chain) {
        int index = chain.indexOf(link.certificate());
        String name = ChainProblems.name(link.certificate());
        String sent = index >= 0 ? "[" + index + "] " : "";
        if (link.anchor()) {
            return "anchor " + sent + name + " (alias " + link.alias() + ", " + link.source() + ")";
        }
        return link.served() ? sent + name : name + " (not sent by the server: from the store, " + link.source()
                + ")";
    }
}
