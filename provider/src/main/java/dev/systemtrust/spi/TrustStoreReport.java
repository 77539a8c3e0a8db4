package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one read of an OS trust store produced: the anchors, and the account of how they were chosen.
 *
 * <p>Build it with {@link #builder(String)}, which applies the rules every backend shares: certificates
 * are deduplicated by their DER encoding ({@link X509Certificate#equals} compares encodings), and a
 * certificate any source marks {@link ExclusionReason#DISTRUSTED} is never an anchor, whatever other
 * sources say.
 *
 * @param backendId         the backend that produced it
 * @param anchors           trusted for TLS server authentication, unique, in discovery order
 * @param excluded          found but not anchors, each with its reason
 * @param skipped           inputs that could not be used
 * @param searched          every place consulted, in order
 * @param duplicatesMerged  trusted listings dropped because an identical certificate was already an anchor
 */
public record TrustStoreReport(
        String backendId,
        List<TrustedCertificate> anchors,
        List<ExcludedCertificate> excluded,
        List<SkippedInput> skipped,
        List<SearchedLocation> searched,
        int duplicatesMerged) {

    public TrustStoreReport {
        Objects.requireNonNull(backendId, "backendId");
        anchors = List.copyOf(anchors);
        excluded = List.copyOf(excluded);
        skipped = List.copyOf(skipped);
        searched = List.copyOf(searched);
    }

    public static Builder builder(String backendId) {
        return new Builder(backendId);
    }

    /** One line per searched location, for error messages: "  /etc/ssl/cert.pem: ABSENT (no such file)". */
    public String describeSearched() {
        StringBuilder text = new StringBuilder();
        for (SearchedLocation location : searched) {
            text.append("  ").append(location.location()).append(": ").append(location.outcome());
            if (!location.detail().isEmpty()) {
                text.append(" (").append(location.detail()).append(')');
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** Collects a backend's findings; not thread-safe. */
    public static final class Builder {
        private final String backendId;
        private final Map<X509Certificate, TrustedCertificate> trusted = new LinkedHashMap<>();
        private final List<ExcludedCertificate> excluded = new ArrayList<>();
        private final List<SkippedInput> skipped = new ArrayList<>();
        private final List<SearchedLocation> searched = new ArrayList<>();
        private int duplicates;

        private Builder(String backendId) {
            this.backendId = Objects.requireNonNull(backendId, "backendId");
        }

        public Builder trust(X509Certificate certificate, String label, String source) {
            TrustedCertificate candidate = new TrustedCertificate(certificate, label, source);
            TrustedCertificate earlier = trusted.putIfAbsent(certificate, candidate);
            if (earlier != null) {
                duplicates++;
                if (earlier.label() == null && label != null) {
                    trusted.put(certificate, new TrustedCertificate(certificate, label, earlier.source()));
                }
            }
            return this;
        }

        public Builder exclude(X509Certificate certificate, String source, ExclusionReason reason, String detail) {
            excluded.add(new ExcludedCertificate(certificate, source, reason, detail));
            return this;
        }

        public Builder skip(String location, String reason) {
            skipped.add(new SkippedInput(location, reason));
            return this;
        }

        public Builder searched(SearchedLocation location) {
            searched.add(location);
            return this;
        }

        public Builder searched(String location, SearchedLocation.Outcome outcome, int certificates, String detail) {
            return searched(new SearchedLocation(location, outcome, certificates, detail));
        }

        public TrustStoreReport build() {
            Set<X509Certificate> distrusted = new LinkedHashSet<>();
            for (ExcludedCertificate exclusion : excluded) {
                if (exclusion.reason() == ExclusionReason.DISTRUSTED) {
                    distrusted.add(exclusion.certificate());
                }
            }
            List<TrustedCertificate> anchors = new ArrayList<>();
            for (TrustedCertificate candidate : trusted.values()) {
                if (!distrusted.contains(candidate.certificate())) {
                    anchors.add(candidate);
                }
            }
            // An exclusion other than distrust only matters when no source trusted the certificate.
            List<ExcludedCertificate> reported = new ArrayList<>();
            for (ExcludedCertificate exclusion : excluded) {
                boolean overriddenByTrust = exclusion.reason() != ExclusionReason.DISTRUSTED
                        && trusted.containsKey(exclusion.certificate())
                        && !distrusted.contains(exclusion.certificate());
                if (!overriddenByTrust) {
                    reported.add(exclusion);
                }
            }
            return new TrustStoreReport(backendId, anchors, reported, skipped, searched, duplicates);
        }
    }
}
