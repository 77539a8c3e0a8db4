package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.windows.CertificateStores.UsageQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsEkuRuleTest {

    @Test
    void noIdentifierMeansEveryUseOnlyWithCryptENotFound() {
        assertThat(WindowsEkuRule.refusal(FakeStores.allUses())).isEmpty();
        assertThat(WindowsEkuRule.refusal(FakeStores.noUses())).hasValue("enhanced key usage allows no purpose");
        assertThat(WindowsEkuRule.refusal(new UsageQuery(true, List.of(), 0x57))).hasValue(
                "CertGetEnhancedKeyUsage listed no purpose with last error 0x00000057: cannot tell every use from none");
    }

    @Test
    void aListMustHoldServerAuthOrAnyExtendedKeyUsage() {
        assertThat(WindowsEkuRule.refusal(FakeStores.listed(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"))))
                .isEmpty();
        assertThat(WindowsEkuRule.refusal(FakeStores.listed(List.of("2.5.29.37.0")))).isEmpty();
        assertThat(WindowsEkuRule.refusal(FakeStores.listed(List.of("1.3.6.1.5.5.7.3.2"))))
                .hasValue("enhanced key usage [1.3.6.1.5.5.7.3.2] lacks serverAuth");
    }

    @Test
    void aFailedOrMissingAnswerIsNoTrust() {
        assertThat(WindowsEkuRule.refusal(FakeStores.usageError(0x80090008)))
                .hasValue("CertGetEnhancedKeyUsage failed (0x80090008): not trusted without an answer");
        assertThat(WindowsEkuRule.refusal(null)).isPresent();
    }
}
