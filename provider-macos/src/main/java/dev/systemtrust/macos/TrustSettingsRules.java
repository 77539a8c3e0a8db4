package dev.systemtrust.macos;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the macOS trust-settings rules to one domain's usage-constraints dictionaries, for TLS server
 * authentication. Pure function of its inputs.
 *
 * <p>Key usage ({@code kSecTrustSettingsKeyUsage}): it only ever narrows <em>positive</em> trust. A TrustRoot or
 * TrustAsRoot dictionary restricted to key uses that exclude certificate signing does not make an anchor (an
 * anchor's job in a TLS chain is to sign certificates), so it counts as unspecified. A Deny dictionary denies
 * whatever its key usage says: honouring a narrowed Deny partially could only widen trust.
 */
final class TrustSettingsRules {

    private TrustSettingsRules() {
    }

    static DomainVerdict decide(List<TrustSettingsEntry> entries, boolean selfIssued) {
        if (entries.isEmpty()) {
            return selfIssued
                    ? DomainVerdict.trusted("empty trust settings (always trust) on a self-issued certificate")
                    : DomainVerdict.unspecified("empty trust settings on a certificate that is not self-issued");
        }
        List<String> notDeciding = new ArrayList<>();
        boolean restricted = false;
        for (TrustSettingsEntry entry : entries) {
            DomainVerdict verdict = decide(entry, selfIssued);
            if (verdict.kind() != DomainVerdict.Kind.UNSPECIFIED) {
                return verdict;
            }
            notDeciding.add(verdict.detail());
            restricted |= verdict.restricted();
        }
        String detail = String.join("; ", notDeciding);
        return restricted ? DomainVerdict.restricted(detail) : DomainVerdict.unspecified(detail);
    }

    private static DomainVerdict decide(TrustSettingsEntry entry, boolean selfIssued) {
        if (entry.hasApplication()) {
            return DomainVerdict.restricted("limited to an application");
        }
        if (entry.hasPolicyString()) {
            return DomainVerdict.restricted("limited by a policy string (e.g. a host name or e-mail address)");
        }
        if (entry.hasPolicy() && !TrustSettingsEntry.APPLE_SSL.equals(entry.policyOid())) {
            return DomainVerdict.restricted("for policy " + entry.policyOid() + ", not SSL");
        }
        int result = entry.result() == null ? TrustSettingsEntry.RESULT_TRUST_ROOT : entry.result();
        switch (result) {
            case TrustSettingsEntry.RESULT_DENY:
                return DomainVerdict.distrusted("Deny" + (entry.hasPolicy() ? " for SSL" : ""));
            case TrustSettingsEntry.RESULT_TRUST_ROOT:
            case TrustSettingsEntry.RESULT_TRUST_AS_ROOT:
                return positive(entry, result, selfIssued);
            case TrustSettingsEntry.RESULT_UNSPECIFIED:
                return DomainVerdict.unspecified("result Unspecified");
            default:
                // Invalid (0) or a value this code does not know: it must not create trust.
                return DomainVerdict.unspecified("result " + result + " is not a trust decision");
        }
    }

    private static DomainVerdict positive(TrustSettingsEntry entry, int result, boolean selfIssued) {
        String name = result == TrustSettingsEntry.RESULT_TRUST_ROOT ? "TrustRoot" : "TrustAsRoot";
        if (!selfIssued && result == TrustSettingsEntry.RESULT_TRUST_ROOT) {
            return DomainVerdict.unspecified("TrustRoot applies only to self-issued certificates");
        }
        Long usage = entry.keyUsage();
        if (usage != null && usage != TrustSettingsEntry.KEY_USE_ANY
                && (usage & TrustSettingsEntry.KEY_USE_SIGN_CERT) == 0) {
            return DomainVerdict.restricted(name + " limited to key usage 0x" + Long.toHexString(usage)
                    + ", which excludes signing certificates");
        }
        return DomainVerdict.trusted(name + (entry.hasPolicy() ? " for SSL" : ""));
    }
}
