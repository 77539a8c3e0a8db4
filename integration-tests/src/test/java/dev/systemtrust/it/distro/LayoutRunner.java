package dev.systemtrust.it.distro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.it.harness.ChildProcess;
import dev.systemtrust.it.harness.FakeRoot;
import dev.systemtrust.testing.TestCertificates;
import dev.systemtrust.testing.TestCertificates.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;

/**
 * Test CAs (each with one TLS server certificate) and a way to run a layout script over them in a fresh
 * {@link FakeRoot}, reading back what the SystemTrust probe and OpenSSL printed, with fingerprints mapped back
 * to CA names so a failure reads "expected [a, c] but was [a, b, c]".
 */
final class LayoutRunner {
    private final Path work;
    private final Path share;
    private final Map<String, String> fingerprints = new LinkedHashMap<>();

    /** What one layout run printed. */
    record Output(Set<String> anchors, Set<String> openSslTrusts, List<String> blocks, String error,
            ChildProcess.Result raw) {
    }

    LayoutRunner(Path work, String... caNames) throws IOException {
        this.work = work;
        this.share = Files.createDirectories(work.resolve("share"));
        for (String name : caNames) {
            // "<x>-twin": a different CA with the same subject as <x>.
            add(name, TestCertificates.selfSignedCa("SystemTrust distro " + name.replaceFirst("-twin$", "")));
        }
    }

    /** Adds a CA whose subject is exactly {@code subject} (encoding included), with its TLS server certificate. */
    LayoutRunner withCa(String name, X500Principal subject) throws IOException {
        add(name, TestCertificates.selfSignedCa(subject));
        return this;
    }

    private void add(String name, Issued ca) throws IOException {
        Files.writeString(share.resolve("ca-" + name + ".pem"), ca.pem());
        Files.writeString(share.resolve("leaf-" + name + ".pem"),
                TestCertificates.server(ca, name + ".distro.test").pem());
        fingerprints.put(name, AliasAssigner.sha256Hex(ca.certificate()));
    }

    String fingerprint(String caName) {
        return fingerprints.get(caName);
    }

    /** Runs {@code layout} (bash, after {@link ShellFunctions}) as root in a fresh fake root. */
    Output run(String layout, String... environment) throws IOException {
        Path script = Files.writeString(share.resolve("layout-" + System.nanoTime() + ".sh"),
                ShellFunctions.prelude(share) + layout);
        FakeRoot root = FakeRoot.under(work.resolve("fake-root-" + System.nanoTime()));
        for (int i = 0; i < environment.length; i += 2) {
            root.env(environment[i], environment[i + 1]);
        }
        ChildProcess.Result result = root.run("exec /bin/bash -eu '" + script + "'");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        List<String> lines = result.stdout().lines().toList();
        return new Output(names(valuesAfter(lines, "ANCHOR ")), new TreeSet<>(valuesAfter(lines, "OPENSSL ")),
                lines.stream().filter(line -> line.startsWith("BLOCK ")).toList(),
                lines.stream().filter(line -> line.startsWith("ERROR ")).findFirst().orElse(null), result);
    }

    private static Set<String> valuesAfter(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Fingerprints as CA names; any certificate that is not a test CA stays visible as its fingerprint. */
    private Set<String> names(Set<String> sha256s) {
        Set<String> names = new TreeSet<>();
        for (String sha256 : sha256s) {
            names.add(fingerprints.entrySet().stream().filter(entry -> entry.getValue().equals(sha256))
                    .map(Map.Entry::getKey).findFirst().orElse(sha256));
        }
        return names;
    }
}
