package dev.systemtrust.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.it.clients.LiveTrustProbe;
import dev.systemtrust.it.harness.AgentApplication;
import dev.systemtrust.it.harness.ChildJvm;
import dev.systemtrust.it.harness.DebianEtcSsl;
import dev.systemtrust.it.harness.InteractiveChild;
import dev.systemtrust.it.harness.Jdks;
import dev.systemtrust.it.harness.Nginx;
import dev.systemtrust.it.harness.OpenSsl;
import dev.systemtrust.it.harness.TlsScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Live OS trust: a running client ({@link LiveTrustProbe}, under {@code -javaagent}, with the default
 * {@code SSLContext} and one {@code SystemTrust.sslContext()} made at start) follows changes to the OS store in its
 * mount namespace with no restart and no new {@code SSLContext}: a CA added is trusted, a CA removed or marked
 * distrusted is not. Changes are made as {@code update-ca-certificates} makes them: the new file is written beside
 * the old one and renamed over it, in the directory bound over {@code /etc/ssl}.
 *
 * <p>After each change the client is probed until both paths show the new verdict; SystemTrust re-checks the store
 * at most every 100 ms, so that takes about a second at most. The wait is bounded at {@link #CHANGE_SEEN_WITHIN}
 * (room for a loaded CI machine); a change not seen by then fails the test.
 */
class LiveOsTrustTest {
    private static final Duration CHANGE_SEEN_WITHIN = Duration.ofSeconds(3);
    private static final Duration ONE_ATTEMPT = Duration.ofSeconds(30);
    private static final String NO_PATH = "unable to find valid certification path";

    @TempDir
    static Path work;
    private static TlsScenario scenario;

    @BeforeAll
    static void startServer() {
        scenario = TlsScenario.start(work, "SystemTrust Live IT Root");
    }

    @AfterAll
    static void stopServer() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Jdks.EACH)
    void aRunningClientFollowsCaAdditionRemovalAndDistrustWithoutRestart(Path jdk) throws IOException {
        DebianEtcSsl etcSsl = scenario.etcSslWithoutCa("etc-ssl-live-" + Jdks.featureVersion(jdk));
        Path certs = etcSsl.root().resolve("certs");
        Path bundle = certs.resolve("ca-certificates.crt");
        String hostBundle = Files.readString(bundle);
        String ca = scenario.pki().ca().pem();
        String distrust = OpenSsl.trustedCertificate(scenario.pki().caPem(), List.of(), List.of("serverAuth"));

        try (InteractiveChild client = ChildJvm.on(jdk).option("-javaagent:" + AgentApplication.AGENT_JAR)
                .property("http.keepAlive", "false")
                .inside(etcSsl.namespace())
                .startMain(LiveTrustProbe.class.getName(), scenario.url())) {
            assertThat(client.nextLine(ONE_ATTEMPT)).as(client.describe()).isEqualTo("READY");
            assertBoth(probe(client), false, "an unknown CA", client);

            replace(bundle, hostBundle + ca);
            awaitBoth(client, true, "the CA added to the bundle");

            replace(bundle, hostBundle);
            awaitBoth(client, false, "the CA removed from the bundle");

            replace(bundle, hostBundle + ca);
            awaitBoth(client, true, "the CA added again");

            replace(certs.resolve("systemtrust-live-distrust.pem"), distrust);
            awaitBoth(client, false, "the CA still in the bundle, and a reject entry for it in /etc/ssl/certs");

            client.send("quit");
            assertThat(client.awaitExit(ONE_ATTEMPT)).as(client.describe()).isZero();
        }
    }

    /**
     * A session resumed from before a change asks no trust manager, so a client that only resumes would keep
     * trusting a removed CA for the session's lifetime. With a server that resumes sessions, after the CA is removed
     * both paths must be refused within the same bound: SystemTrust forgets the sessions of the default
     * {@code SSLContext} and of {@code SystemTrust.sslContext()} when trust changes, and watches the store itself so
     * it notices the change though no handshake asks.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Jdks.EACH)
    void sessionsFromBeforeACaWasRemovedAreNotResumed(Path jdk) throws IOException {
        int version = Jdks.featureVersion(jdk);
        DebianEtcSsl etcSsl = scenario.etcSslWithCa("etc-ssl-resume-" + version);
        Path bundle = etcSsl.root().resolve("certs").resolve("ca-certificates.crt");
        String withCa = Files.readString(bundle);
        try (Nginx resuming = Nginx.start(work.resolve("nginx-resuming-" + version), scenario.pki().serverChain(),
                scenario.pki().serverKey(), List.of("ssl_session_cache shared:SystemTrustResume" + version + ":1m;",
                        "ssl_session_timeout 10m;",
                        "location = /reused { default_type text/plain; return 200 \"reused=$ssl_session_reused\\n\"; }"));
                InteractiveChild client = ChildJvm.on(jdk).option("-javaagent:" + AgentApplication.AGENT_JAR)
                        .property("http.keepAlive", "false").inside(etcSsl.namespace())
                        .startMain(LiveTrustProbe.class.getName(), resuming.url("localhost") + "reused")) {
            assertThat(client.nextLine(ONE_ATTEMPT)).as(client.describe()).isEqualTo("READY");
            probe(client);
            assertThat(probe(client)).as("the server resumes both paths' sessions\n%s", client.describe())
                    .containsExactly("default OK reused=r", "systemtrust OK reused=r");

            replace(bundle, withCa.replace(scenario.pki().ca().pem(), ""));
            long start = System.nanoTime();
            List<String> attempts = probe(client);
            // Noticed by the store watch (every second), not by a handshake; a resumed handshake under way when the
            // sessions are forgotten is caught at the watch's next look.
            while (!(attempts.get(0).startsWith("default FAIL") && attempts.get(1).startsWith("systemtrust FAIL"))
                    && System.nanoTime() - start < CHANGE_SEEN_WITHIN.plusSeconds(2).toNanos()) {
                pause();
                attempts = probe(client);
            }
            assertThat(attempts).as("no session from before the CA was removed is resumed\n%s", client.describe())
                    .allSatisfy(attempt -> assertThat(attempt).contains("FAIL").contains(NO_PATH));
            client.send("quit");
            assertThat(client.awaitExit(ONE_ATTEMPT)).as(client.describe()).isZero();
        }
    }

    /** Probes until both paths show {@code connects}, at most {@link #CHANGE_SEEN_WITHIN} after the change. */
    private static void awaitBoth(InteractiveChild client, boolean connects, String state) {
        long start = System.nanoTime();
        List<String> attempts = probe(client);
        while (!showBoth(attempts, connects) && System.nanoTime() - start < CHANGE_SEEN_WITHIN.toNanos()) {
            pause();
            attempts = probe(client);
        }
        assertBoth(attempts, connects, state, client);
        System.out.printf("LiveOsTrustTest: with %s, both paths %s after %d ms%n", state,
                connects ? "connected" : "were rejected", (System.nanoTime() - start) / 1_000_000);
    }

    /** One probe: the default SSLContext's attempt, then SystemTrust.sslContext()'s. */
    private static List<String> probe(InteractiveChild client) {
        client.send("probe");
        return List.of(client.nextLine(ONE_ATTEMPT), client.nextLine(ONE_ATTEMPT));
    }

    private static boolean showBoth(List<String> attempts, boolean connects) {
        return attempts.get(0).startsWith(connects ? "default OK " + Nginx.BODY : "default FAIL ")
                && attempts.get(1).startsWith(connects ? "systemtrust OK " + Nginx.BODY : "systemtrust FAIL ");
    }

    private static void assertBoth(List<String> attempts, boolean connects, String state, InteractiveChild client) {
        assertThat(showBoth(attempts, connects)).as("with %s, both paths %s within %s\n%s", state,
                connects ? "connect" : "are rejected", CHANGE_SEEN_WITHIN, client.describe()).isTrue();
        if (!connects) {
            assertThat(attempts).as("rejected for the certificate, not another reason\n%s", client.describe())
                    .allSatisfy(attempt -> assertThat(attempt).contains(NO_PATH));
        }
    }

    /** Writes {@code content} beside {@code target} and renames it over it, as update-ca-certificates does. */
    private static void replace(Path target, String content) throws IOException {
        Path staged = Files.writeString(target.resolveSibling(target.getFileName() + ".new"), content);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
