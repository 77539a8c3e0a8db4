package dev.systemtrust.cli.check;

import dev.systemtrust.SystemTrust;
import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.Verification;
import dev.systemtrust.cli.ReportSource;
import java.io.IOException;
import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code systemtrust check <https-url | host[:port]>}: why does Java say "PKIX path building failed" for this
 * server, and what fixes it. Records the chain the server presents (trusting nothing), then judges it by SystemTrust
 * (PKIX over the OS store, and, where the OS has a verifier of its own, that verifier too: both must accept), by
 * this JVM's default trust store, and by the JDK's host-name check. Exit codes: 0 trusted by SystemTrust, 1 not trusted, 2 usage error, 3 could not connect.
 */
public final class CheckCommand {
    private final ReportSource reports;
    private final Map<String, String> environment;
    private final UnaryOperator<String> properties;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    public CheckCommand(ReportSource reports, Map<String, String> environment, UnaryOperator<String> properties,
            Clock clock, PrintStream out, PrintStream err) {
        this.reports = reports;
        this.environment = environment;
        this.properties = properties;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    public int run(List<String> arguments) {
        CheckOptions options;
        ProxyRoute route;
        try {
            options = CheckOptions.parse(arguments);
            route = new ProxySettings(environment, properties).routeTo(options.target(), options.proxy());
        } catch (UsageException e) {
            err.println("systemtrust: " + e.getMessage());
            err.print(USAGE_TEXT);
            return CheckReport.USAGE;
        }
        CheckReport report = check(options.target(), route, new ServedChainProbe(options.timeout()));
        if (options.json()) {
            out.print(JsonReport.render(report));
        } else {
            TextReport.print(report, out);
        }
        return report.exitCode();
    }

    CheckReport check(CheckTarget target, ProxyRoute route, ServedChainProbe probe) {
        String backendId = backendId();
        ServedChainProbe.Handshake handshake;
        try {
            handshake = probe.run(target, route);
        } catch (CouldNotConnectException e) {
            return CheckReport.couldNotConnect(target, route, e.getMessage(), backendId);
        }
        return judge(target, route, handshake);
    }

    CheckReport judge(CheckTarget target, ProxyRoute route, ServedChainProbe.Handshake handshake) {
        StoreJudgement systemTrust = systemTrust(handshake);
        StoreJudgement jdk = jdkDefault(handshake);
        List<Problem> problems = ChainProblems.find(handshake, systemTrust, clock.instant());
        Verdict verdict = problems.isEmpty() ? Verdict.TRUSTED : problems.get(0).verdict();
        String backendId = backendId();
        return new CheckReport(target, route, Optional.of(handshake), "", backendId, Optional.of(systemTrust),
                Optional.of(jdk), problems, verdict,
                FixAdvice.forVerdict(verdict, handshake, systemTrust, jdk, backendId),
                FixAdvice.notes(handshake, systemTrust, jdk, problems));
    }

    private StoreJudgement systemTrust(ServedChainProbe.Handshake handshake) {
        TrustDecision decision = systemTrustDecision(handshake, Verification.ANCHORS);
        if (decision.accepted() && osVerifierExists()) {
            // Where the OS has a verifier of its own (macOS, Windows), SystemTrust trusts what both accept.
            TrustDecision byOs = systemTrustDecision(handshake, Verification.OS);
            if (!byOs.accepted()) {
                decision = new TrustDecision(false, "the OS verifier refuses it: " + byOs.message(), byOs.reason());
            }
        }
        try {
            TrustStoreReader.Diagnosis diagnosis = reports.read();
            return StoreJudgement.explained("OS store", decision, TrustView.of(diagnosis.report()),
                    handshake.chain());
        } catch (IOException e) {
            return StoreJudgement.unexplained("OS store", decision, e.getMessage());
        }
    }

    private static TrustDecision systemTrustDecision(ServedChainProbe.Handshake handshake,
            Verification verification) {
        try {
            return TrustDecision.of(SystemTrust.trustManager(verification), handshake.chain(), handshake.authType());
        } catch (IOException | RuntimeException e) {
            return TrustDecision.unavailable("SystemTrust's trust manager could not be set up: " + e.getMessage());
        }
    }

    private static boolean osVerifierExists() {
        try {
            return TrustStoreReader.selectedBackend().serverChainVerifier().isPresent();
        } catch (IOException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private StoreJudgement jdkDefault(ServedChainProbe.Handshake handshake) {
        JdkDefaultStore store = new JdkDefaultStore(properties);
        TrustDecision decision;
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init((KeyStore) null);
            decision = TrustDecision.of(x509(factory.getTrustManagers()), handshake.chain(), handshake.authType());
        } catch (GeneralSecurityException e) {
            decision = TrustDecision.unavailable("the JDK's default trust store could not be used: " + e.getMessage());
        }
        try {
            return StoreJudgement.explained(store.describe(), decision, TrustView.of(store.load(), store.describe()),
                    handshake.chain());
        } catch (IOException | GeneralSecurityException e) {
            return StoreJudgement.unexplained(store.describe(), decision, "could not list it: " + e);
        }
    }

    private static X509TrustManager x509(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager among " + List.of(managers));
    }

    private static String backendId() {
        try {
            return TrustStoreReader.selectedBackend().id();
        } catch (IOException e) {
            return "none";
        }
    }

    public static final String USAGE_TEXT = """
              check [--json] [--proxy host:port|none] [--timeout seconds] <https-url | host[:port]>
                        connect (through https_proxy/HTTPS_PROXY or -Dhttps.proxyHost unless NO_PROXY or
                        http.nonProxyHosts names the host), record the chain the server sends without
                        trusting it, and judge it by SystemTrust, by this JVM's default trust store and by
                        host name: the served chain, the anchor ending each path, the verdict and its fix.
                        Exit codes: 0 trusted by SystemTrust, 1 not trusted, 2 usage error, 3 could not connect.
            """;
}
