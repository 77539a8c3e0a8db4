package dev.systemtrust.it.harness;

import dev.systemtrust.testing.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private root, an intermediate CA it issued, and a TLS server certificate for {@code localhost}/{@code 127.0.0.1}
 * from the intermediate, as PEM files: the server chain with its intermediate and without it, and its key. No JDK
 * or OS trust store knows the root until a test puts it there.
 */
public final class IntermediatePki {
    private final TestCertificates.Issued root;
    private final TestCertificates.Issued intermediate;
    private final Path directory;

    private IntermediatePki(TestCertificates.Issued root, TestCertificates.Issued intermediate, Path directory) {
        this.root = root;
        this.intermediate = intermediate;
        this.directory = directory;
    }

    public static IntermediatePki create(Path directory, String name) {
        TestCertificates.Issued root = TestCertificates.selfSignedCa(name + " Root");
        TestCertificates.Issued intermediate = TestCertificates.intermediate(root, name + " Intermediate");
        TestCertificates.Issued server = TestCertificates.server(intermediate, "localhost", "127.0.0.1");
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("root.pem"), root.pem());
            Files.writeString(directory.resolve("intermediate.pem"), intermediate.pem());
            Files.writeString(directory.resolve("server-and-intermediate.pem"), server.pem() + intermediate.pem());
            Files.writeString(directory.resolve("server-only.pem"), server.pem());
            Files.writeString(directory.resolve("server-key.pem"), TestCertificates.privateKeyPem(server.keys()));
            return new IntermediatePki(root, intermediate, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TestCertificates.Issued root() {
        return root;
    }

    public TestCertificates.Issued intermediate() {
        return intermediate;
    }

    public Path intermediatePem() {
        return directory.resolve("intermediate.pem");
    }

    /** What a correctly configured server sends: its certificate, then the intermediate. */
    public Path serverChain() {
        return directory.resolve("server-and-intermediate.pem");
    }

    /** What a server that omits its intermediate sends. */
    public Path serverCertificateOnly() {
        return directory.resolve("server-only.pem");
    }

    public Path serverKey() {
        return directory.resolve("server-key.pem");
    }
}
