package dev.systemtrust.macos;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Decides what one trust-settings array (the one that applies: see {@link TrustSettingsReading}) says about a
 * certificate as a TLS server anchor, as trustd does ({@code SecPVCGetTrustSettingsResult} and
 * {@code SecPVCIsAnchorPerConstraints}, trust/trustd/SecPolicyServer.c). Pure function of its inputs.
 * <ul>
 * <li>An empty array means "always trust": an anchor when the certificate is self-signed.</li>
 * <li>Otherwise the FIRST dictionary that applies ({@link UsageConstraintMatch}) decides, whatever its result:
 * Deny distrusts; TrustRoot (also when the result is missing) makes a self-signed certificate an anchor;
 * TrustAsRoot makes a certificate that is not self-signed an anchor; anything else (Unspecified, Invalid, TrustRoot
 * on a certificate that is not self-signed, TrustAsRoot on a self-signed one, an unknown value) gives no anchor.
 * Later dictionaries are not consulted.</li>
 * <li>A dictionary that may apply but cannot be read never creates trust: its Deny is honoured, anything else ends
 * the decision without an anchor.</li>
 * <li>An element that is not a dictionary is skipped, as trustd skips it, but it makes the whole array unable to
 * create trust (it may be what is left of a Deny): a later applying Deny is still honoured, a trust result gives no
 * anchor.</li>
 * </ul>
 * "Self-signed" is {@link dev.systemtrust.spi.IssuerSignature#selfSigned} (trustd's {@code
 * SecCertificateIsSelfSigned}): asked only when the answer matters.
 */
final class TrustSettingsRules {
    static final int RESULT_INVALID = 0;
    static final int RESULT_TRUST_ROOT = 1;
    static final int RESULT_TRUST_AS_ROOT = 2;
    static final int RESULT_DENY = 3;
    static final int RESULT_UNSPECIFIED = 4;

    private TrustSettingsRules() {
    }

    static DomainVerdict decide(List<UsageConstraints> entries, BooleanSupplier selfSigned) {
        if (entries.isEmpty()) {
            return selfSigned.getAsBoolean()
                    ? DomainVerdict.trusted("empty trust settings (always trust) on a self-signed certificate")
                    : DomainVerdict.noDecision("empty trust settings (always trust) apply to self-signed "
                            + "certificates only, and this one is not self-signed");
        }
        List<Integer> notDictionaries = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!entries.get(i).dictionary()) {
                notDictionaries.add(i);
            }
        }
        String corrupted = notDictionaries.isEmpty() ? null : "the trust settings array holds elements that are not "
                + "dictionaries (#" + joined(notDictionaries) + "; skipped, and no trust is taken from this array)";
        List<String> notApplying = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            UsageConstraints entry = entries.get(i);
            if (!entry.dictionary()) {
                continue;
            }
            UsageConstraintMatch match = UsageConstraintMatch.of(entry);
            switch (match.kind) {
                case DOES_NOT_APPLY:
                    notApplying.add(match.reason);
                    break;
                case UNREADABLE:
                    return unreadableEntry(entry, i, match.reason);
                default:
                    return byResult(entry.result(), i, selfSigned, corrupted);
            }
        }
        String none = "no usage constraint applies to TLS servers: " + String.join("; ", notApplying);
        return corrupted == null ? DomainVerdict.notForServerAuth(none)
                : DomainVerdict.noDecision(corrupted + "; " + none);
    }

    private static String joined(List<Integer> indexes) {
        StringBuilder text = new StringBuilder();
        for (int index : indexes) {
            text.append(text.length() == 0 ? "" : ", #").append(index);
        }
        return text.toString();
    }

    /** What the applying dictionary's result says; {@code corrupted} (not null) forbids trust from this array. */
    private static DomainVerdict byResult(CfValue result, int index, BooleanSupplier selfSigned, String corrupted) {
        String where = "constraint #" + index + " ";
        if (result.present() && !(result instanceof CfValue.Number)) {
            return DomainVerdict.noDecision(where + "applies to TLS servers but its result cannot be read");
        }
        long value = result instanceof CfValue.Number number ? number.value() : RESULT_TRUST_ROOT;
        String name = resultName(value) + (result.present() ? "" : " (no result given)");
        if (value == RESULT_DENY) {
            return DomainVerdict.distrusted(where + "applies to TLS servers: Deny");
        }
        if (corrupted != null && (value == RESULT_TRUST_ROOT || value == RESULT_TRUST_AS_ROOT)) {
            return DomainVerdict.noDecision(where + "applies to TLS servers: " + name + ", but " + corrupted);
        }
        if (value == RESULT_TRUST_ROOT || value == RESULT_TRUST_AS_ROOT) {
            boolean self = selfSigned.getAsBoolean();
            if (self == (value == RESULT_TRUST_ROOT)) {
                return DomainVerdict.trusted(where + "applies to TLS servers: " + name);
            }
            return DomainVerdict.noDecision(where + "applies to TLS servers: " + name + (self
                    ? ", which trustd does not accept for a self-signed certificate (TrustRoot is required)"
                    : ", which applies to self-signed certificates only, and this one is not self-signed"));
        }
        return DomainVerdict.noDecision(where + "applies to TLS servers and decides: " + name);
    }

    private static DomainVerdict unreadableEntry(UsageConstraints entry, int index, String reason) {
        String where = "constraint #" + index + " may apply to TLS servers but " + reason;
        if (entry.result() instanceof CfValue.Number number && number.value() == RESULT_DENY) {
            return DomainVerdict.distrusted(where + "; its Deny is honoured");
        }
        return DomainVerdict.noDecision(where + "; it decides, without trust");
    }

    static String resultName(long result) {
        switch ((int) result == result ? (int) result : -1) {
            case RESULT_INVALID:
                return "Invalid";
            case RESULT_TRUST_ROOT:
                return "TrustRoot";
            case RESULT_TRUST_AS_ROOT:
                return "TrustAsRoot";
            case RESULT_DENY:
                return "Deny";
            case RESULT_UNSPECIFIED:
                return "Unspecified";
            default:
                return "result " + result;
        }
    }
}
