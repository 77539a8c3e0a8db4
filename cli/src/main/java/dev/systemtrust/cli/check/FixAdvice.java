package dev.systemtrust.cli.check;

import dev.systemtrust.spi.IssuerSignature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The one fix that applies to a verdict, in words a developer or an administrator can act on. */
final class FixAdvice {
    static final String AGENT = "trusted by the OS but not by the JDK's default trust store: add "
            + "-javaagent:systemtrust-agent.jar to the java command (or register the SystemTrust provider and use "
            + "TrustManagerFactory \"SystemTrust\"), so Java trusts what this machine trusts";

    private FixAdvice() {
    }

    /** The fix for {@code verdict}, or empty when there is nothing to fix. */
    static Optional<String> forVerdict(Verdict verdict, ServedChainProbe.Handshake handshake,
            StoreJudgement systemTrust, StoreJudgement jdk, String backendId) {
        X509Certificate leaf = handshake.chain().get(0);
        return Optional.ofNullable(switch (verdict) {
            case TRUSTED -> jdk.decision().accepted() ? null : AGENT;
            case DISTRUSTED -> "the OS distrusts a certificate of this chain: the server must present a chain "
                    + "that avoids it (a certificate from another CA). Lifting the OS's distrust is your "
                    + "administrator's decision, never an application's";
            case SELF_SIGNED -> "give the server a certificate issued by a CA this machine trusts; only if you "
                    + "control this server and mean to trust it, install its certificate in the OS store ("
                    + installHow(backendId) + ")";
            case MISSING_INTERMEDIATE -> "configure the server to send its intermediate certificate after its own "
                    + "(the full chain: for nginx, ssl_certificate names a file with the server certificate "
                    + "followed by the intermediate)";
            case UNKNOWN_ISSUER -> "if " + topIssuer(systemTrust, leaf) + " is your organisation's or your "
                    + "TLS-inspecting proxy's root CA, install it in the OS store (" + installHow(backendId)
                    + "); if it is an intermediate CA, the server must send it; otherwise do not trust this server";
            case EXPIRED -> "renew the server's certificate; if it should still be valid, check this machine's "
                    + "clock";
            case NOT_YET_VALID -> "check this machine's clock (a certificate is not valid before its start date), "
                    + "or wait until it is valid";
            case WEAK_ALGORITHM -> "the server needs a certificate chain signed with SHA-256 or stronger, with RSA "
                    + "keys of at least 2048 bits or EC keys; do not weaken jdk.certpath.disabledAlgorithms";
            case REJECTED -> "read SystemTrust's message above; `systemtrust explain` shows what the OS store holds";
            case HOSTNAME_MISMATCH -> "connect with a name the certificate lists ("
                    + String.join(", ", CertificateFacts.names(leaf)) + "), or have the server's certificate "
                    + "reissued with " + handshake.hostName().name() + " in its subject alternative names";
            case COULD_NOT_CONNECT -> null;
        });
    }

    /** The issuer the path could not get past: the one a user would have to install. */
    private static String topIssuer(StoreJudgement systemTrust, X509Certificate leaf) {
        return systemTrust.path().map(path -> {
            X509Certificate last = path.last().certificate();
            return IssuerSignature.selfSigned(last) ? last.getSubjectX500Principal().getName()
                    : last.getIssuerX500Principal().getName();
        }).orElse(leaf.getIssuerX500Principal().getName());
    }

    static String installHow(String backendId) {
        return switch (backendId) {
            case "linux" -> "Debian/Ubuntu: copy it as a .crt file into /usr/local/share/ca-certificates/ and run "
                    + "update-ca-certificates; Fedora/RHEL: copy it into /etc/pki/ca-trust/source/anchors/ and run "
                    + "update-ca-trust";
            case "macos" -> "security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain "
                    + "<file>";
            case "windows" -> "certutil -addstore Root <file>, as an administrator";
            default -> "with your operating system's tools";
        };
    }

    /** Things worth knowing that are not the verdict's cause. */
    static List<String> notes(ServedChainProbe.Handshake handshake, StoreJudgement systemTrust, StoreJudgement jdk,
            List<Problem> problems) {
        List<String> notes = new ArrayList<>();
        if (systemTrust.decision().accepted() && problems.stream().anyMatch(p -> p.verdict() == Verdict.DISTRUSTED)) {
            notes.add("this JVM's SystemTrust trust manager accepted the chain although the OS distrusts a "
                    + "certificate in it: it checks the OS anchors only, and an anchor list cannot carry distrust");
        }
        if (systemTrust.decision().accepted()) {
            systemTrust.path().ifPresent(path -> path.links().stream().filter(IssuerWalk.Link::suppliedByStore)
                    .forEach(link -> notes.add("the server does not send its intermediate "
                            + ChainProblems.name(link.certificate()) + ": SystemTrust took it from the OS store ("
                            + link.source() + "), but clients without it cannot build the path; configure the "
                            + "server to send the full chain")));
            for (X509Certificate certificate : handshake.chain()) {
                for (String weakness : CertificateFacts.of(certificate).weaknesses()) {
                    notes.add(ChainProblems.name(certificate) + ": " + weakness + " — accepted by this JDK, "
                            + "refused by browsers and by OpenSSL's default security level");
                }
            }
        } else if (jdk.decision().accepted()) {
            notes.add("the JDK's default trust store accepts this chain, the OS store does not: Java with its own "
                    + "cacerts would connect where the rest of this machine refuses");
        }
        if (!handshake.handshakeProblem().isEmpty()) {
            notes.add(handshake.handshakeProblem());
        }
        return List.copyOf(notes);
    }
}
