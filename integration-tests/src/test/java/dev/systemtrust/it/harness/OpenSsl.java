package dev.systemtrust.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The openssl command line, for producing real OpenSSL artefacts (TRUSTED CERTIFICATE blocks) in tests. */
public final class OpenSsl {
    private OpenSsl() {
    }

    /** {@code openssl x509 -trustout} of {@code certificatePem} with the given -addtrust/-addreject purposes. */
    public static String trustedCertificate(Path certificatePem, List<String> trust, List<String> reject) {
        List<String> command = new ArrayList<>(List.of("openssl", "x509", "-in", certificatePem.toString()));
        trust.forEach(purpose -> command.addAll(List.of("-addtrust", purpose)));
        reject.forEach(purpose -> command.addAll(List.of("-addreject", purpose)));
        command.add("-trustout");
        ChildProcess.Result result = ChildProcess.run(command, Map.of("PATH", "/usr/bin:/bin"),
                certificatePem.getParent());
        if (result.exitCode() != 0 || !result.stdout().contains("BEGIN TRUSTED CERTIFICATE")) {
            throw new AssertionError("openssl failed: " + result.describe());
        }
        return result.stdout();
    }

    /** The SHA-256 fingerprint openssl computes, lower-case hex without colons. */
    public static String sha256(Path certificatePem) {
        ChildProcess.Result result = ChildProcess.run(List.of("openssl", "x509", "-in", certificatePem.toString(),
                "-noout", "-fingerprint", "-sha256"), Map.of("PATH", "/usr/bin:/bin"), certificatePem.getParent());
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl failed: " + result.describe());
        }
        return result.stdout().substring(result.stdout().indexOf('=') + 1).strip().replace(":", "").toLowerCase();
    }

    public static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
