package dev.systemtrust.it.harness;

import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private CA and a TLS server certificate for {@code localhost}/{@code 127.0.0.1}, written as PEM files.
 * The CA is in no JDK or OS trust store until a test puts it there.
 */
public final class TestPki {
    private final TestCertificates.Issued ca;
    private final Path caPem;
    private final Path serverChain;
    private final Path serverKey;

    private TestPki(TestCertificates.Issued ca, Path caPem, Path serverChain, Path serverKey) {
        this.ca = ca;
        this.caPem = caPem;
        this.serverChain = serverChain;
        this.serverKey = serverKey;
    }

    public static TestPki create(Path directory, String caName) {
        TestCertificates.Issued ca = TestCertificates.selfSignedCa(caName);
        TestCertificates.Issued server = TestCertificates.server(ca, "localhost", "127.0.0.1");
        try {
            Files.createDirectories(directory);
            Path caPem = Files.writeString(directory.resolve("ca.pem"), ca.pem());
            Path chain = Files.writeString(directory.resolve("server-chain.pem"), server.pem());
            Path key = Files.writeString(directory.resolve("server-key.pem"),
                    TestCertificates.privateKeyPem(server.keys()));
            return new TestPki(ca, caPem, chain, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestCertificates.Issued ca() {
        return ca;
    }

    public Path caPem() {
        return caPem;
    }

    public Path serverChain() {
        return serverChain;
    }

    public Path serverKey() {
        return serverKey;
    }
}
