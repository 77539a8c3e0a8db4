package dev.systemtrust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreReport;
import dev.systemtrust.testing.FakeBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {

    /** A bundled-style backend for an invented OS, loadable by class name. */
    public static final class PlanNineBackend implements TrustStoreBackend {
        @Override
        public String id() {
            return "plan9";
        }

        @Override
        public boolean supports(String osName) {
            return "Plan 9".equals(osName);
        }

        @Override
        public TrustStoreReport read() {
            return TrustStoreReport.builder(id()).build();
        }

        @Override
        public String remedyWhenEmpty() {
            return "none";
        }
    }

    private static final ClassLoader LOADER = BackendSelectorTest.class.getClassLoader();

    @Test
    void bundledLookupSkipsMissingClassesNonBackendsAndOtherOperatingSystems() {
        List<String> names = List.of("dev.systemtrust.nowhere.MissingBackend", String.class.getName(),
                FakeBackend.class.getName(), PlanNineBackend.class.getName());

        assertThat(BackendSelector.firstBundled(names, "Plan 9", LOADER)).isInstanceOf(PlanNineBackend.class);
        assertThat(BackendSelector.firstBundled(names, "Linux", LOADER)).isNull();
    }

    @Test
    void selectionByIdWinsOverTheOperatingSystemAndUnknownIdsListWhatIsAvailable() throws Exception {
        BackendSelector selector = new BackendSelector(List.of(new PlanNineBackend(), new FakeBackend()));

        assertThat(selector.select(null, "Plan 9")).isInstanceOf(PlanNineBackend.class);
        assertThat(selector.select(" FAKE-for-tests ", "Plan 9")).isInstanceOf(FakeBackend.class);
        assertThatThrownBy(() -> selector.select("beos", "Plan 9"))
                .hasMessageContaining("beos").hasMessageContaining("plan9, fake-for-tests");
        assertThatThrownBy(() -> selector.select(null, "BeOS"))
                .hasMessageContaining("os.name=\"BeOS\"").hasMessageContaining("-Dsystemtrust.backend");
    }
}
