package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.systemtrust.spi.DerElements;
import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.spi.TrustedCertificate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the whole file path of the Linux backend (PEM scanning, DER splitting, OpenSSL trust attributes,
 * certificate parsing) through its public entry point. Without {@code JAZZER_FUZZ} it replays the seeds in
 * {@code TrustFileFuzzTestInputs/} as ordinary tests during {@code mvn verify}.
 */
class TrustFileFuzzTest {
    private static final Path DIRECTORY = createDirectory();

    private static Path createDirectory() {
        try {
            Path directory = Files.createTempDirectory("systemtrust-fuzz");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void readingAnyFileNeverThrowsAndNeverTrustsARejectedCertificate(byte[] content) throws IOException {
        Path file = DIRECTORY.resolve("input.pem");
        Files.write(file, content);
        try {
            TrustStoreReport report = new LinuxTrustBackend(Map.of("SSL_CERT_DIR", DIRECTORY.toString()),
                    LinuxTrustLocations.under(DIRECTORY)).read();
            for (TrustedCertificate anchor : report.anchors()) {
                byte[] der = anchor.certificate().getEncoded();
                assertThat(rejectedCertificates(content)).noneSatisfy(rejected -> assertThat(rejected).isEqualTo(der));
                assertThat(occursIn(content, der) || occursInBlocks(content, der))
                        .as("an anchor must come from the input").isTrue();
            }
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Certificate DERs of TRUSTED CERTIFICATE blocks whose well-formed attributes reject TLS servers. */
    private static List<byte[]> rejectedCertificates(byte[] content) {
        List<byte[]> rejected = new ArrayList<>();
        for (PemBlock block : PemParser.parse(content, "fuzz", (location, reason) -> { })) {
            int length = DerElements.elementLength(block.der(), 0);
            if (!block.trusted() || length < 0) {
                continue;
            }
            try {
                OpenSslTrustAttributes attributes = OpenSslTrustAttributes.parse(block.der(), length);
                boolean rejects = attributes.reject() != null && ServerAuthPurpose.allows(attributes.reject());
                boolean trustsOtherPurposes = attributes.trust() != null && !ServerAuthPurpose.allows(attributes.trust());
                if (rejects || trustsOtherPurposes) {
                    rejected.add(Arrays.copyOf(block.der(), length));
                }
            } catch (MalformedTrustAttributesException e) {
                // not trusted either way; checked by the anchor-origin assertion
            }
        }
        return rejected;
    }

    private static boolean occursInBlocks(byte[] content, byte[] der) {
        return PemParser.parse(content, "fuzz", (location, reason) -> { }).stream()
                .anyMatch(block -> occursIn(block.der(), der));
    }

    private static boolean occursIn(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
