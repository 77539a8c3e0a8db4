package dev.systemtrust.it.distro;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile entries at the real paths of a Debian layout built by {@code update-ca-certificates}: the whole
 * KeyStore load in a child JVM must finish (the fake root's timeout fails a hang) with exactly the good anchors,
 * as OpenSSL's own lookup does.
 */
class HostileLayoutTest {
    @TempDir
    Path work;

    @Test
    void hostileDirectoryEntriesAreSkippedWithoutAHang() throws Exception {
        Map<String, String> hostBefore = HostTrustFiles.snapshot();
        LayoutRunner runner = new LayoutRunner(work, "a", "c", "local");
        LayoutRunner.Output output = runner.run("""
                debian_layout a c
                cd /etc/ssl/certs
                mkfifo fifo.pem                                  # open() would block forever
                /usr/bin/python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("socket.pem")'
                ln -s /dev/zero zero.pem                         # endless read
                ln -s /dev/urandom random.crt
                ln -s /nonexistent dangling.pem
                ln -s loop-b.pem loop-a.pem; ln -s loop-a.pem loop-b.pem
                ln -s . self                                     # directory cycle
                mkdir subdirectory.pem
                truncate -s 1G sparse.pem                        # over the size cap
                head -c 300 "$S/ca-local.pem" > truncated.pem    # a CA cut short must not appear
                printf '\\377\\376garbage\\n-----BEGIN CERTIFICATE-----\\n!!!\\n' > "$(printf 'bad-\\377-name.pem')"
                mkdir -p /system/etc/security/cacerts
                mkfifo /system/etc/security/cacerts/5a5a5a5a.0
                cd /
                probe
                openssl_reference
                """);
        assertThat(output.error()).as(output.raw().describe()).isNull();
        assertThat(output.anchors()).as("SystemTrust anchors").isEqualTo(Set.of("a", "c"));
        assertThat(output.openSslTrusts()).as("openssl verify").isEqualTo(Set.of("a", "c"));
        assertThat(HostTrustFiles.snapshot()).as("host trust files").isEqualTo(hostBefore);
    }
}
