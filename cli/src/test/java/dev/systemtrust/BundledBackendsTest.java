package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI has every backend on its class path, so here the bundled list can be checked against the real ones. */
class BundledBackendsTest {

    @Test
    void theBundledListNamesExactlyTheBackendsThisProjectRegistersWithServiceLoader() throws Exception {
        List<String> registered = new ArrayList<>();
        for (URL url : Collections.list(getClass().getClassLoader()
                .getResources("META-INF/services/dev.systemtrust.spi.TrustStoreBackend"))) {
            try (InputStream in = url.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    // The provider test-jar registers a fake backend for tests; it is not part of the product.
                    if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("dev.systemtrust.testing.")) {
                        registered.add(line.trim());
                    }
                }
            }
        }

        assertThat(registered).containsExactlyInAnyOrderElementsOf(BackendSelector.BUNDLED);
        for (String className : BackendSelector.BUNDLED) {
            assertThat(BackendSelector.firstBundled(List.of(className), "Linux", getClass().getClassLoader()) != null)
                    .as(className).isEqualTo(className.contains(".linux."));
        }
    }
}
