package dev.systemtrust.macos;

import static dev.systemtrust.macos.Settings.APPLE_CODE_SIGNING;
import static dev.systemtrust.macos.Settings.APPLE_SMIME;
import static dev.systemtrust.macos.Settings.APPLE_X509_BASIC;
import static dev.systemtrust.macos.Settings.forApplication;
import static dev.systemtrust.macos.Settings.noResult;
import static dev.systemtrust.macos.Settings.policy;
import static dev.systemtrust.macos.Settings.result;
import static dev.systemtrust.macos.Settings.ssl;
import static dev.systemtrust.macos.Settings.sslForHost;
import static dev.systemtrust.macos.Settings.withKeyUsage;
import static dev.systemtrust.macos.TrustSettingsEntry.KEY_USE_ANY;
import static dev.systemtrust.macos.TrustSettingsEntry.KEY_USE_SIGN_CERT;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_DENY;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_INVALID;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_TRUST_AS_ROOT;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_TRUST_ROOT;
import static dev.systemtrust.macos.TrustSettingsEntry.RESULT_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.macos.DomainVerdict.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustSettingsRulesTest {
    private static final boolean SELF_ISSUED = true;
    private static final boolean ISSUED_BY_OTHER = false;

    private static Kind decide(boolean selfIssued, TrustSettingsEntry... entries) {
        return TrustSettingsRules.decide(List.of(entries), selfIssued).kind();
    }

    @Test
    void emptyArrayTrustsOnlyASelfIssuedCertificate() {
        assertThat(decide(SELF_ISSUED)).isEqualTo(Kind.TRUSTED);
        assertThat(decide(ISSUED_BY_OTHER)).isEqualTo(Kind.UNSPECIFIED);
    }

    @Test
    void missingResultMeansTrustRoot() {
        assertThat(decide(SELF_ISSUED, noResult())).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_ISSUED, ssl(null))).isEqualTo(Kind.TRUSTED);
        // TrustRoot is for roots only, so a missing result does not trust an intermediate.
        assertThat(decide(ISSUED_BY_OTHER, noResult())).isEqualTo(Kind.UNSPECIFIED);
    }

    @Test
    void trustAsRootTrustsAnyCertificateAndTrustRootOnlySelfIssuedOnes() {
        assertThat(decide(SELF_ISSUED, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_ISSUED, ssl(RESULT_TRUST_AS_ROOT))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(ISSUED_BY_OTHER, ssl(RESULT_TRUST_AS_ROOT))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(ISSUED_BY_OTHER, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.UNSPECIFIED);
    }

    @Test
    void denyDistrustsWhetherForAllPoliciesOrForSsl() {
        assertThat(decide(SELF_ISSUED, result(RESULT_DENY))).isEqualTo(Kind.DISTRUSTED);
        assertThat(decide(ISSUED_BY_OTHER, ssl(RESULT_DENY))).isEqualTo(Kind.DISTRUSTED);
    }

    @Test
    void settingsForAnotherPolicyDoNotDecideEvenWhenTheyDeny() {
        DomainVerdict verdict = TrustSettingsRules.decide(List.of(policy(APPLE_SMIME, RESULT_DENY),
                policy(APPLE_CODE_SIGNING, RESULT_TRUST_ROOT)), SELF_ISSUED);

        assertThat(verdict.kind()).isEqualTo(Kind.UNSPECIFIED);
        assertThat(verdict.restricted()).isTrue();
        assertThat(verdict.detail()).contains(APPLE_SMIME, APPLE_CODE_SIGNING);
    }

    @Test
    void applicationOrPolicyStringLimitedSettingsDoNotDecide() {
        assertThat(decide(SELF_ISSUED, forApplication(RESULT_TRUST_ROOT))).isEqualTo(Kind.UNSPECIFIED);
        assertThat(decide(SELF_ISSUED, forApplication(RESULT_DENY))).isEqualTo(Kind.UNSPECIFIED);
        assertThat(decide(SELF_ISSUED, sslForHost(RESULT_TRUST_ROOT))).isEqualTo(Kind.UNSPECIFIED);
    }

    @Test
    void theFirstDecidingDictionaryWins() {
        // Shaped like Apple's System-domain records: an Unspecified basic-X.509 entry, then the SSL decision.
        assertThat(decide(SELF_ISSUED, policy(APPLE_X509_BASIC, RESULT_UNSPECIFIED), ssl(RESULT_TRUST_ROOT)))
                .isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_ISSUED, ssl(RESULT_UNSPECIFIED), result(RESULT_DENY))).isEqualTo(Kind.DISTRUSTED);
        assertThat(decide(SELF_ISSUED, ssl(RESULT_TRUST_ROOT), result(RESULT_DENY))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_ISSUED, policy(APPLE_SMIME, RESULT_TRUST_ROOT), ssl(RESULT_DENY)))
                .isEqualTo(Kind.DISTRUSTED);
    }

    @Test
    void onlyUnspecifiedOrInvalidResultsLeaveTheDomainUndecided() {
        DomainVerdict verdict = TrustSettingsRules.decide(List.of(result(RESULT_UNSPECIFIED), result(RESULT_INVALID),
                result(99)), SELF_ISSUED);

        assertThat(verdict.kind()).isEqualTo(Kind.UNSPECIFIED);
        assertThat(verdict.restricted()).isFalse();
    }

    @Test
    void keyUsageNarrowsTrustButNeverADeny() {
        assertThat(decide(SELF_ISSUED, withKeyUsage(RESULT_TRUST_ROOT, KEY_USE_ANY))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_ISSUED, withKeyUsage(RESULT_TRUST_ROOT, KEY_USE_SIGN_CERT | 0x01)))
                .isEqualTo(Kind.TRUSTED);
        DomainVerdict signatureOnly = TrustSettingsRules.decide(List.of(withKeyUsage(RESULT_TRUST_ROOT, 0x01)),
                SELF_ISSUED);
        assertThat(signatureOnly.kind()).isEqualTo(Kind.UNSPECIFIED);
        assertThat(signatureOnly.restricted()).isTrue();
        assertThat(signatureOnly.detail()).contains("key usage 0x1");

        assertThat(decide(SELF_ISSUED, withKeyUsage(RESULT_DENY, 0x01))).isEqualTo(Kind.DISTRUSTED);
    }
}
