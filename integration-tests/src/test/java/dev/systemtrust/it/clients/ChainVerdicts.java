package dev.systemtrust.it.clients;

import dev.systemtrust.SystemTrust;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Judges TLS server chains the way SystemTrust does with the OS store at {@code $SSL_CERT_FILE}, one case after
 * another in one JVM. Each argument is a case directory holding {@code trust.pem} (the trust file) and
 * {@code chain.pem} (the leaf first, then the certificates the server sends). For each case the trust file is put
 * in place at {@code $SSL_CERT_FILE} by write-then-rename, then the chain is checked by a new
 * {@link SystemTrust#trustManager()} and by the JDK's own PKIX over a newly loaded SystemTrust KeyStore (the plain
 * {@code trustStoreType=SystemTrust} path). Prints {@code <case> <path> OK} or {@code <case> <path> FAIL <causes>}
 * per path ({@code systemtrust}, {@code keystore}).
 */
public final class ChainVerdicts {
    /** A TLS 1.2 ECDHE_ECDSA key exchange: the corpus' leaves are EC keys with digitalSignature. */
    private static final String AUTH_TYPE = "ECDHE_ECDSA";

    private ChainVerdicts() {
    }

    private interface Check {
        void run(X509Certificate[] chain) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path trustFile = Path.of(System.getenv("SSL_CERT_FILE"));
        for (String argument : args) {
            Path caseDirectory = Path.of(argument);
            String name = caseDirectory.getFileName().toString();
            Path staged = trustFile.resolveSibling(trustFile.getFileName() + ".new");
            Files.copy(caseDirectory.resolve("trust.pem"), staged, StandardCopyOption.REPLACE_EXISTING);
            Files.move(staged, trustFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            X509Certificate[] chain = chain(caseDirectory.resolve("chain.pem"));
            verdict(name, "systemtrust", chain, sent -> SystemTrust.trustManager().checkServerTrusted(sent, AUTH_TYPE));
            verdict(name, "keystore", chain, sent -> jdkPkixOver(SystemTrust.keyStore())
                    .checkServerTrusted(sent, AUTH_TYPE));
        }
    }

    private static void verdict(String name, String path, X509Certificate[] chain, Check check) {
        try {
            check.run(chain);
            System.out.println(name + " " + path + " OK");
        } catch (Exception e) {
            System.out.println(name + " " + path + " FAIL " + PlainHttpsClient.causeChain(e));
        }
    }

    private static X509TrustManager jdkPkixOver(KeyStore store) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static X509Certificate[] chain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        }
    }
}
