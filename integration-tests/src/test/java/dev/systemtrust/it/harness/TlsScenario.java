package dev.systemtrust.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/**
 * What every end-to-end TLS test needs: private mount namespaces available (or a CI failure), a private CA with a
 * real nginx serving a certificate from it, and, on close, proof that the host's /etc/ssl was left untouched.
 */
public final class TlsScenario implements AutoCloseable {
    private static final String PKIX_FAILURE = "unable to find valid certification path";

    private final String hostBefore;
    private final TestPki pki;
    private final Nginx nginx;
    private final Path work;

    private TlsScenario(String hostBefore, TestPki pki, Nginx nginx, Path work) {
        this.hostBefore = hostBefore;
        this.pki = pki;
        this.nginx = nginx;
        this.work = work;
    }

    public static TlsScenario start(Path work, String caName) {
        PrivateMountNamespace.requireAvailable();
        String hostBefore = DebianEtcSsl.hostFingerprint();
        TestPki pki = TestPki.create(work.resolve("pki"), caName);
        return new TlsScenario(hostBefore, pki, Nginx.start(work, pki.serverChain(), pki.serverKey()), work);
    }

    public TestPki pki() {
        return pki;
    }

    /** The server's URL for {@code localhost} (in its certificate, with 127.0.0.1). */
    public String url() {
        return url("localhost");
    }

    /** The server's URL for {@code host}: "localhost" or "127.0.0.1". */
    public String url(String host) {
        return nginx.url(host);
    }

    /** A Debian /etc/ssl with the host's CAs and this scenario's CA. */
    public DebianEtcSsl etcSslWithCa(String name) {
        return DebianEtcSsl.hostBundlePlus(work.resolve(name), pki.ca().pem());
    }

    /** A Debian /etc/ssl with the host's CAs only. */
    public DebianEtcSsl etcSslWithoutCa(String name) {
        return DebianEtcSsl.hostBundlePlus(work.resolve(name), "");
    }

    /** The client printed the server's answer. */
    public static void assertConnected(ChildProcess.Result result) {
        assertThat(result.stdout()).as(result.describe()).startsWith("OK " + Nginx.BODY);
        assertThat(result.exitCode()).as(result.describe()).isZero();
    }

    /** The client failed because the server's chain is not trusted, not for any other reason. */
    public static void assertRejected(ChildProcess.Result result) {
        assertThat(result.stdout()).as(result.describe()).startsWith("FAIL ").contains(PKIX_FAILURE);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
    }

    /**
     * The handshake failed on the server's certificate. Unlike {@link #assertRejected}, any trust manager's wording:
     * an {@code SSLHandshakeException} caused by a certificate exception.
     */
    public static void assertHandshakeRejected(ChildProcess.Result result) {
        assertThat(result.stdout()).as(result.describe()).startsWith("FAIL ").contains("SSLHandshakeException")
                .containsPattern("Cert[a-zA-Z]*Exception");
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
    }

    @Override
    public void close() {
        nginx.close();
        assertThat(DebianEtcSsl.hostFingerprint()).as("the host's /etc/ssl is untouched").isEqualTo(hostBefore);
    }
}
