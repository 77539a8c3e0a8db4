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
import static dev.systemtrust.macos.Settings.sslNamed;
import static dev.systemtrust.macos.Settings.withKeyUsage;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_DENY;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_INVALID;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_TRUST_AS_ROOT;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_TRUST_ROOT;
import static dev.systemtrust.macos.TrustSettingsRules.RESULT_UNSPECIFIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.macos.DomainVerdict.Kind;
import dev.systemtrust.spi.ExclusionReason;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TrustSettingsRulesTest {
    private static final boolean SELF_SIGNED = true;
    private static final boolean NOT_SELF_SIGNED = false;
    private static final long SIGN_CERT = UsageConstraintMatch.KEY_USE_SIGN_CERT;
    private static final long ANY = UsageConstraintMatch.KEY_USE_ANY;

    private static DomainVerdict verdict(boolean selfSigned, UsageConstraints... entries) {
        return TrustSettingsRules.decide(List.of(entries), () -> selfSigned);
    }

    private static Kind decide(boolean selfSigned, UsageConstraints... entries) {
        return verdict(selfSigned, entries).kind();
    }

    @Test
    void emptyArrayTrustsOnlyASelfSignedCertificate() {
        assertThat(decide(SELF_SIGNED)).isEqualTo(Kind.TRUSTED);
        assertThat(verdict(NOT_SELF_SIGNED).reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
    }

    @Test
    void missingResultMeansTrustRoot() {
        assertThat(decide(SELF_SIGNED, noResult())).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_SIGNED, ssl(null))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(NOT_SELF_SIGNED, noResult())).isEqualTo(Kind.NOT_ANCHOR);
    }

    @Test
    void trustRootIsForSelfSignedCertificatesAndTrustAsRootForOthersOnly() {
        assertThat(decide(SELF_SIGNED, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(NOT_SELF_SIGNED, ssl(RESULT_TRUST_AS_ROOT))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(NOT_SELF_SIGNED, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        // trustd's SecPVCIsAnchorPerConstraints: a self-signed certificate needs TrustRoot.
        DomainVerdict asRoot = verdict(SELF_SIGNED, ssl(RESULT_TRUST_AS_ROOT));
        assertThat(asRoot.kind()).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(asRoot.detail()).contains("TrustAsRoot", "self-signed");
    }

    @Test
    void denyDistrustsWhetherForAllPoliciesOrForSsl() {
        assertThat(decide(SELF_SIGNED, result(RESULT_DENY))).isEqualTo(Kind.DISTRUSTED);
        assertThat(decide(NOT_SELF_SIGNED, ssl(RESULT_DENY))).isEqualTo(Kind.DISTRUSTED);
    }

    @Test
    void theFirstApplyingDictionaryDecidesWhateverItsResult() {
        assertThat(decide(SELF_SIGNED, ssl(RESULT_UNSPECIFIED), result(RESULT_TRUST_ROOT)))
                .isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, ssl(RESULT_UNSPECIFIED), result(RESULT_DENY))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, result(RESULT_INVALID), ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, result(99), ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, ssl(RESULT_TRUST_ROOT), result(RESULT_DENY))).isEqualTo(Kind.TRUSTED);
        assertThat(verdict(SELF_SIGNED, ssl(RESULT_UNSPECIFIED)).reason())
                .isEqualTo(ExclusionReason.NO_TRUST_DECISION);
    }

    @Test
    void dictionariesForOtherPoliciesAreSkippedEvenWhenTheyDeny() {
        // Shaped like Apple's records: an Unspecified basic-X.509 entry, then the SSL decision.
        assertThat(decide(SELF_SIGNED, policy(APPLE_X509_BASIC, RESULT_UNSPECIFIED), ssl(RESULT_TRUST_ROOT)))
                .isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_SIGNED, policy(APPLE_SMIME, RESULT_TRUST_ROOT), ssl(RESULT_DENY)))
                .isEqualTo(Kind.DISTRUSTED);
        DomainVerdict verdict = verdict(SELF_SIGNED, policy(APPLE_SMIME, RESULT_DENY),
                policy(APPLE_CODE_SIGNING, RESULT_TRUST_ROOT));
        assertThat(verdict.kind()).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(verdict.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(verdict.detail()).contains(APPLE_SMIME, APPLE_CODE_SIGNING);
    }

    @Test
    void policyNameMustBeSslServer() {
        assertThat(decide(SELF_SIGNED, sslNamed("sslClient", RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, sslNamed("sslClient", RESULT_DENY))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, sslNamed("sslServer", RESULT_TRUST_ROOT))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_SIGNED, Settings.constraints(CfValue.ABSENT, CfValue.text("sslServer"), false,
                false, CfValue.number(RESULT_DENY), CfValue.ABSENT))).isEqualTo(Kind.DISTRUSTED);
        assertThat(decide(SELF_SIGNED, sslNamed("sslClient", RESULT_DENY), ssl(RESULT_TRUST_ROOT)))
                .isEqualTo(Kind.TRUSTED);
    }

    @Test
    void applicationOrPolicyStringLimitedSettingsDoNotApply() {
        assertThat(decide(SELF_SIGNED, forApplication(RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, forApplication(RESULT_DENY))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, sslForHost(RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, sslForHost(RESULT_DENY), ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.TRUSTED);
    }

    @Test
    void keyUsageAppliesOnlyWhenAnyOrExactlyCertificateSigning() {
        assertThat(decide(SELF_SIGNED, withKeyUsage(RESULT_TRUST_ROOT, ANY))).isEqualTo(Kind.TRUSTED);
        assertThat(decide(SELF_SIGNED, withKeyUsage(RESULT_TRUST_ROOT, SIGN_CERT))).isEqualTo(Kind.TRUSTED);
        DomainVerdict mask = verdict(SELF_SIGNED, withKeyUsage(RESULT_TRUST_ROOT, SIGN_CERT | 0x01));
        assertThat(mask.kind()).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(mask.reason()).isEqualTo(ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH);
        assertThat(mask.detail()).contains("key usage 0x9");
        assertThat(decide(SELF_SIGNED, withKeyUsage(RESULT_DENY, 0x01))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, withKeyUsage(RESULT_DENY, SIGN_CERT))).isEqualTo(Kind.DISTRUSTED);
    }

    @Test
    void whatCannotBeReadNeverCreatesTrustButItsDenyCounts() {
        assertThat(decide(SELF_SIGNED, withKeyUsage(RESULT_TRUST_ROOT, -1), ssl(RESULT_TRUST_ROOT)))
                .isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(SELF_SIGNED, withKeyUsage(RESULT_DENY, -1))).isEqualTo(Kind.DISTRUSTED);
        UsageConstraints unreadablePolicy = Settings.constraints(CfValue.unreadable("is not a SecPolicyRef"),
                CfValue.ABSENT, false, false, CfValue.number(RESULT_TRUST_ROOT), CfValue.ABSENT);
        assertThat(decide(SELF_SIGNED, unreadablePolicy, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        UsageConstraints unreadableDeny = Settings.constraints(CfValue.unreadable("is not a SecPolicyRef"),
                CfValue.ABSENT, false, false, CfValue.number(RESULT_DENY), CfValue.ABSENT);
        assertThat(decide(SELF_SIGNED, unreadableDeny)).isEqualTo(Kind.DISTRUSTED);
        // Definitely not applying wins over unreadable: an application-limited entry is skipped.
        UsageConstraints appAndUnreadable = Settings.constraints(CfValue.unreadable("is not a SecPolicyRef"),
                CfValue.ABSENT, false, true, CfValue.number(RESULT_DENY), CfValue.ABSENT);
        assertThat(decide(SELF_SIGNED, appAndUnreadable, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.TRUSTED);
        UsageConstraints smimeWithUnreadableName = Settings.constraints(CfValue.text(APPLE_SMIME),
                CfValue.unreadable("is neither a CFString nor a CFNumber"), false, false,
                CfValue.number(RESULT_DENY), CfValue.ABSENT);
        assertThat(decide(SELF_SIGNED, smimeWithUnreadableName, ssl(RESULT_TRUST_ROOT))).isEqualTo(Kind.TRUSTED);
        UsageConstraints textResult = Settings.constraints(CfValue.ABSENT, CfValue.ABSENT, false, false,
                CfValue.text("1"), CfValue.ABSENT);
        assertThat(decide(SELF_SIGNED, textResult)).isEqualTo(Kind.NOT_ANCHOR);
    }

    @Test
    void anElementThatIsNotADictionaryIsSkippedYetTheArrayGrantsNoTrustWhileItsDenyStands() {
        UsageConstraints garbage = UsageConstraints.notADictionary();

        assertThat(verdict(SELF_SIGNED, garbage, ssl(RESULT_DENY)))
                .extracting(DomainVerdict::kind, DomainVerdict::detail)
                .containsExactly(Kind.DISTRUSTED, "constraint #1 applies to TLS servers: Deny");
        assertThat(decide(SELF_SIGNED, garbage, policy(APPLE_SMIME, RESULT_TRUST_ROOT), ssl(RESULT_DENY)))
                .isEqualTo(Kind.DISTRUSTED);
        DomainVerdict trustAfterGarbage = verdict(SELF_SIGNED, garbage, ssl(RESULT_TRUST_ROOT));
        assertThat(trustAfterGarbage.kind()).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(trustAfterGarbage.reason()).isEqualTo(ExclusionReason.NO_TRUST_DECISION);
        assertThat(trustAfterGarbage.detail()).isEqualTo("constraint #1 applies to TLS servers: TrustRoot, but the "
                + "trust settings array holds elements that are not dictionaries (#0; skipped, and no trust is taken "
                + "from this array)");
        assertThat(decide(SELF_SIGNED, ssl(RESULT_TRUST_ROOT), garbage))
                .as("garbage after the deciding dictionary still forbids trust").isEqualTo(Kind.NOT_ANCHOR);
        assertThat(decide(NOT_SELF_SIGNED, garbage, ssl(RESULT_TRUST_AS_ROOT))).isEqualTo(Kind.NOT_ANCHOR);
        assertThat(verdict(SELF_SIGNED, garbage, garbage).detail()).isEqualTo("the trust settings array holds "
                + "elements that are not dictionaries (#0, #1; skipped, and no trust is taken from this array); no "
                + "usage constraint applies to TLS servers: ");
        assertThat(verdict(SELF_SIGNED, garbage, policy(APPLE_SMIME, RESULT_DENY)).reason())
                .isEqualTo(ExclusionReason.NO_TRUST_DECISION);
    }

    @Test
    void selfSignedIsAskedOnlyWhenTheAnswerMatters() {
        AtomicInteger asked = new AtomicInteger();
        TrustSettingsRules.decide(List.of(result(RESULT_DENY)), () -> asked.incrementAndGet() > 0);
        TrustSettingsRules.decide(List.of(policy(APPLE_SMIME, RESULT_TRUST_ROOT)), () -> asked.incrementAndGet() > 0);
        TrustSettingsRules.decide(List.of(UsageConstraints.notADictionary(), ssl(RESULT_TRUST_ROOT)),
                () -> asked.incrementAndGet() > 0);
        assertThat(asked).hasValue(0);
    }
}
