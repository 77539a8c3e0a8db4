package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load path's cold-start rule, enforced: a clean load (nothing skipped) must not bootstrap method handles for a
 * lambda, a method reference or a record's generated equals/hashCode/toString, nor format strings, nor compute
 * canonical names when the encodings already match; on a fresh JVM
 * each costs class spinning and linking that the whole first load is measured against (see the README's
 * Performance section). A child JVM reads a bundle and a hashed directory that repeats one of its certificates (as
 * Debian's does), then loads again from the cache, with class loading logged.
 */
class ColdLoadClassesTest {
    @TempDir
    Path temp;

    @Test
    void aCleanLoadSpinsNoLambdaRecordMethodOrFormatter() throws Exception {
        // Debian's shape: the hashed directory repeats certificates of the bundle.
        String repeated = TestCertificates.selfSignedCa("Cold C").pem();
        Path bundle = Files.writeString(temp.resolve("bundle.pem"), TestCertificates.selfSignedCa("Cold A").pem()
                + TestCertificates.selfSignedCa("Cold B").pem() + repeated);
        Path directory = Files.createDirectories(temp.resolve("certs"));
        Files.writeString(directory.resolve("0a1b2c3d.0"), repeated);
        Files.setLastModifiedTime(bundle, java.nio.file.attribute.FileTime.fromMillis(0));
        Files.setLastModifiedTime(directory.resolve("0a1b2c3d.0"), java.nio.file.attribute.FileTime.fromMillis(0));
        Files.setLastModifiedTime(directory, java.nio.file.attribute.FileTime.fromMillis(0));
        Path classes = temp.resolve("classes.log");
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + classes, "-cp", System.getProperty("java.class.path"),
                LoadTwiceMain.class.getName()).redirectErrorStream(true);
        child.environment().put("SSL_CERT_FILE", bundle.toString());
        child.environment().put("SSL_CERT_DIR", directory.toString());
        Process run = child.start();
        String output = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(run.waitFor()).as(output).isZero();
        assertThat(output).as("both loads, all three CAs").isEqualTo("SIZE 3\nSIZE 3\n");

        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("classes loaded").anyMatch(line -> line.contains(" dev.systemtrust.ReportCache "));
        assertThat(loaded).filteredOn(line -> line.contains("java.lang.runtime.ObjectMethods")
                        || line.contains("java.util.Formatter ")
                        || (line.contains(" dev.systemtrust") && line.contains("$$Lambda")))
                .as("record-method bootstraps, our lambdas, Formatter").isEmpty();
        assertThat(loaded).as("OpenSSL's name form is computed only for names whose encodings differ")
                .noneMatch(line -> line.contains(" dev.systemtrust.linux.CanonicalName "));
    }
}
