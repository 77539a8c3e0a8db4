package dev.systemtrust.cli.check;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.spi.DistrustList;
import dev.systemtrust.spi.ExcludedCertificate;
import dev.systemtrust.spi.ExclusionReason;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Names what is wrong with a served chain, from facts: SystemTrust's trust manager says whether it is trusted;
 * the path explained against the OS store says which link is missing, refused or distrusted; the JDK's validator on
 * that path names an expired certificate or a disabled algorithm; the JDK's host-name check says whether the
 * certificate names the host. A certificate the OS distrusts anywhere in the path is a problem even if a trust
 * manager accepted the chain: the doctor never calls trusted what the OS distrusts.
 */
final class ChainProblems {
    private ChainProblems() {
    }

    static List<Problem> find(ServedChainProbe.Handshake handshake, StoreJudgement systemTrust, Instant now) {
        List<Problem> problems = new ArrayList<>();
        Optional<IssuerWalk.WalkedPath> path = systemTrust.path();
        path.ifPresent(walked -> distrusted(walked, systemTrust.view().orElseThrow(), problems));
        if (!systemTrust.decision().accepted()) {
            path.ifPresent(walked -> brokenPath(walked, handshake.chain(), now, problems));
            path.ifPresent(walked -> validity(walked, now, problems));
            algorithm(systemTrust, problems);
            if (problems.isEmpty()) {
                problems.add(new Problem(Verdict.REJECTED, "SystemTrust refuses the chain: "
                        + systemTrust.decision().message()));
            }
        }
        HostNameVerdict host = handshake.hostName();
        if (!host.matches()) {
            List<String> names = CertificateFacts.names(handshake.chain().get(0));
            problems.add(new Problem(Verdict.HOSTNAME_MISMATCH, "the certificate does not name " + host.name()
                    + " (it names " + (names.isEmpty() ? "no host in subject alternative names"
                    : String.join(", ", names)) + "): " + host.detail()));
        }
        problems.sort(Comparator.comparing(Problem::verdict));
        return problems;
    }

    private static void distrusted(IssuerWalk.WalkedPath path, TrustView store, List<Problem> problems) {
        for (IssuerWalk.Link link : path.links()) {
            store.distrust().match(link.certificate()).ifPresent(entry -> problems.add(new Problem(
                    Verdict.DISTRUSTED, name(link.certificate()) + " is " + describe(link.certificate(), entry))));
        }
        path.refusedIssuer().filter(refused -> refused.reason() == ExclusionReason.DISTRUSTED)
                .ifPresent(refused -> problems.add(new Problem(Verdict.DISTRUSTED, "its issuer "
                        + name(refused.certificate()) + " is " + describe(refused.certificate(), refused))));
    }

    private static String describe(X509Certificate certificate, ExcludedCertificate entry) {
        return DistrustList.describe(certificate, entry) + ", sha256="
                + AliasAssigner.sha256Hex(certificate);
    }

    private static void brokenPath(IssuerWalk.WalkedPath path, List<X509Certificate> served, Instant now,
            List<Problem> problems) {
        IssuerWalk.Link last = path.last();
        switch (path.ending()) {
            case ANCHOR -> {
                for (IssuerWalk.Link link : path.links()) {
                    // Only when the OS's copy is what fails: otherwise the fix is for whatever else is wrong.
                    if (link.suppliedByStore() && validityProblem(link.certificate(), now).isPresent()) {
                        problems.add(new Problem(Verdict.MISSING_INTERMEDIATE, "the server does not send its "
                                + "intermediate " + name(link.certificate()) + "; the OS lists a copy (" + link.source()
                                + "), but the path through it is refused"));
                    }
                }
            }
            case SELF_SIGNED -> problems.add(path.links().size() == 1
                    ? new Problem(Verdict.SELF_SIGNED, "the server's certificate " + name(last.certificate())
                            + " is self-signed (its own issuer) and not trusted by this machine")
                    : new Problem(Verdict.UNKNOWN_ISSUER, "the chain ends at " + name(last.certificate())
                            + ", a root this machine does not trust"));
            case UNKNOWN_ISSUER -> problems.add(new Problem(Verdict.UNKNOWN_ISSUER, name(last.certificate())
                    + " was issued by " + last.certificate().getIssuerX500Principal().getName()
                    + ", which the server did not send and this machine does not trust"
                    + (served.size() == 1 ? " (the server sent only its own certificate)" : "")));
            case REFUSED_ISSUER -> path.refusedIssuer()
                    .filter(refused -> refused.reason() != ExclusionReason.DISTRUSTED)
                    .ifPresent(refused -> problems.add(new Problem(Verdict.UNKNOWN_ISSUER, name(last.certificate())
                            + " was issued by " + name(refused.certificate()) + ", which the OS lists ("
                            + refused.source() + ") but does not trust for TLS servers: " + refused.detail())));
            case NO_END -> problems.add(new Problem(Verdict.REJECTED, "the served certificates do not lead to "
                    + "a root: they loop or exceed " + path.links().size() + " links"));
        }
    }

    private static void validity(IssuerWalk.WalkedPath path, Instant now, List<Problem> problems) {
        for (IssuerWalk.Link link : path.links()) {
            // An anchor's own validity counts too: SystemTrust applies it, as OpenSSL, macOS and Windows do.
            validityProblem(link.certificate(), now).ifPresent(problems::add);
        }
    }

    /** Why {@code certificate} is not valid at {@code now}: expired or not yet valid; empty when it is valid. */
    private static Optional<Problem> validityProblem(X509Certificate certificate, Instant now) {
        try {
            certificate.checkValidity(Date.from(now));
            return Optional.empty();
        } catch (CertificateExpiredException e) {
            return Optional.of(new Problem(Verdict.EXPIRED, name(certificate) + " expired on "
                    + certificate.getNotAfter().toInstant()));
        } catch (CertificateNotYetValidException e) {
            return Optional.of(new Problem(Verdict.NOT_YET_VALID, name(certificate) + " is valid only from "
                    + certificate.getNotBefore().toInstant() + " (this machine's clock says " + now + ")"));
        }
    }

    private static void algorithm(StoreJudgement systemTrust, List<Problem> problems) {
        Optional<String> refusal = systemTrust.decision().reason()
                .filter(CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED::equals)
                .map(reason -> systemTrust.decision().message());
        if (refusal.isEmpty()) {
            refusal = systemTrust.validatorRefusal()
                    .filter(e -> e.getReason() == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED)
                    .map(Throwable::getMessage);
        }
        refusal.ifPresent(message -> problems.add(new Problem(Verdict.WEAK_ALGORITHM,
                "the JDK's policy (jdk.certpath.disabledAlgorithms) refuses the chain: " + message)));
    }

    static String name(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
