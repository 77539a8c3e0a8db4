package dev.systemtrust.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HashNameTest {
    @Test
    void acceptsOnlyOpenSslSubjectHashNames() {
        for (String name : new String[] {"3513523f.0", "002c0b4f.12", "ffffffff.9"}) {
            assertThat(DirectoryListing.isHashName(Path.of("/etc/ssl/certs", name))).as(name).isTrue();
        }
        for (String name : new String[] {"3513523F.0", "3513523f.", "3513523f", "3513523f.r0", "ca-bundle.trust.crt",
                "3513523f.0.pem", "x3513523.0", "ACCVRAIZ1.pem", "3513523f-0"}) {
            assertThat(DirectoryListing.isHashName(Path.of("/etc/ssl/certs", name))).as(name).isFalse();
        }
    }
}
