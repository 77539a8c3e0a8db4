package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.windows.CertificateStores.EnhancedKeyUsage;
import dev.systemtrust.windows.CertificateStores.UsageQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsEkuRuleTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY = "2.5.29.37.0";

    private static EnhancedKeyUsage usage(UsageQuery extension, UsageQuery property) {
        return new EnhancedKeyUsage(extension, property);
    }

    private static UsageQuery list(String... identifiers) {
        return UsageQuery.listed(List.of(identifiers));
    }

    @Test
    void neitherSourceMeansEveryUseAndAnEmptyListNone() {
        assertThat(WindowsEkuRule.refusal(FakeStores.allUses())).isEmpty();
        assertThat(WindowsEkuRule.refusal(FakeStores.noUses()))
                .hasValue("enhanced key usage allows no purpose: the store's EKU property []");
        assertThat(WindowsEkuRule.refusal(usage(list(), FakeStores.ABSENT)))
                .hasValue("enhanced key usage allows no purpose: the EKU extension []");
    }

    @Test
    void oneSourceMustHoldServerAuthOrAnyExtendedKeyUsage() {
        assertThat(WindowsEkuRule.refusal(FakeStores.listed(List.of(CLIENT_AUTH, SERVER_AUTH)))).isEmpty();
        assertThat(WindowsEkuRule.refusal(usage(list(ANY), FakeStores.ABSENT))).isEmpty();
        assertThat(WindowsEkuRule.refusal(FakeStores.listed(List.of(CLIENT_AUTH))))
                .hasValue("enhanced key usage lacks serverAuth: the store's EKU property [1.3.6.1.5.5.7.3.2]");
    }

    @Test
    void bothSourcesAllowOnlyWhatBothList() {
        assertThat(WindowsEkuRule.refusal(usage(list(CLIENT_AUTH, SERVER_AUTH), list(SERVER_AUTH)))).isEmpty();
        assertThat(WindowsEkuRule.refusal(usage(list(SERVER_AUTH), list(CLIENT_AUTH)))).hasValue(
                "enhanced key usage allows no purpose: the uses both the EKU extension [1.3.6.1.5.5.7.3.1] and the "
                        + "store's EKU property [1.3.6.1.5.5.7.3.2] list");
        assertThat(WindowsEkuRule.refusal(usage(list(SERVER_AUTH, CLIENT_AUTH), list(CLIENT_AUTH))))
                .hasValueSatisfying(refusal -> assertThat(refusal).startsWith("enhanced key usage lacks serverAuth"));
        assertThat(WindowsEkuRule.refusal(usage(list(ANY), list(SERVER_AUTH))))
                .as("compared as identifiers: anyExtendedKeyUsage does not stand in for serverAuth").isPresent();
        assertThat(WindowsEkuRule.refusal(usage(list(SERVER_AUTH), list())))
                .as("an empty property restricts the extension to nothing").isPresent();
    }

    @Test
    void aFailedOrMissingAnswerIsNoTrust() {
        assertThat(WindowsEkuRule.refusal(FakeStores.usageError(0x80090008))).hasValue(
                "CertGetEnhancedKeyUsage failed for the store's EKU property (0x80090008): not trusted without an "
                        + "answer");
        assertThat(WindowsEkuRule.refusal(usage(UsageQuery.failed(0x57), list(SERVER_AUTH)))).hasValue(
                "CertGetEnhancedKeyUsage failed for the EKU extension (0x00000057): not trusted without an answer");
        assertThat(WindowsEkuRule.refusal(null)).isPresent();
    }
}
