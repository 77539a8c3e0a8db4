package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.macos.MacosBackend;
import dev.systemtrust.testing.TestCertificates;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Security.framework without SecTrustEvaluateWithError (macOS before 10.14): PKIX, loudly, instead of failing. */
@EnabledOnOs(OS.LINUX)
class MissingEvaluateWithErrorShimTest {
    @RegisterExtension
    static final ShimFixture os = new ShimFixture(ShimLibrary.Variant.NO_EVALUATE_WITH_ERROR);
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Logger logger = Logger.getLogger("dev.systemtrust.macos");
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @AfterEach
    void stopRecording() {
        logger.removeHandler(recorder);
    }

    @Test
    void noOsVerifierIsOfferedAndAWarningSaysWhy() {
        logger.addHandler(recorder);

        assertThat(new MacosBackend().serverChainVerifier()).isEmpty();

        assertThat(warnings).singleElement().satisfies(record -> assertThat(
                java.text.MessageFormat.format(record.getMessage(), record.getParameters()))
                .contains("SecTrustEvaluateWithError", "anchors only"));
        assertThat(os.shim.shim_calls("SecPolicyCreateSSL")).isZero();
    }

    @Test
    void theTrustStoreIsStillRead() throws Exception {
        os.trust(Shim.SYSTEM, TestCertificates.selfSignedCa("Old macOS Root").certificate(), "");

        assertThat(new MacosBackend().read().anchors()).hasSize(1);
    }
}
