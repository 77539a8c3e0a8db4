package dev.systemtrust.spi;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one read of an OS trust store produced: the anchors, and the account of how they were chosen.
 *
 * <p>Build it with {@link #builder(String)}, which applies the rules every backend shares: certificates
 * are deduplicated by their DER encoding ({@link X509Certificate#equals} compares encodings); a certificate any
 * source marks {@link ExclusionReason#DISTRUSTED} is never an anchor or an intermediate, whatever other sources
 * say, and neither is another certificate with its subject and public key ({@link DistrustList}); and a
 * certificate whose own extended-key-usage extension excludes TLS servers is not an anchor
 * ({@link ServerAuthPurpose#refusalByOwnExtension}).
 *
 * @param backendId         the backend that produced it
 * @param anchors           trusted for TLS server authentication, unique, in discovery order
 * @param intermediates     listed by the OS for building chains, never anchors: unique, not distrusted, not anchors
 * @param excluded          found but not anchors, each with its reason
 * @param skipped           inputs that could not be used
 * @param searched          every place consulted, in order
 * @param duplicatesMerged  trusted listings dropped because an identical certificate was already an anchor
 */
public record TrustStoreReport(
        String backendId,
        List<TrustedCertificate> anchors,
        List<IntermediateCertificate> intermediates,
        List<ExcludedCertificate> excluded,
        List<SkippedInput> skipped,
        List<SearchedLocation> searched,
        int duplicatesMerged) {

    public TrustStoreReport {
        Objects.requireNonNull(backendId, "backendId");
        anchors = List.copyOf(anchors);
        intermediates = List.copyOf(intermediates);
        excluded = List.copyOf(excluded);
        skipped = List.copyOf(skipped);
        searched = List.copyOf(searched);
    }

    public static Builder builder(String backendId) {
        return new Builder(backendId);
    }

    /**
     * What the OS distrusts, for checking every certificate of a chain (an anchor list cannot say it: a distrusted
     * intermediate is simply absent from it, and the JDK's PKIX would accept a chain through it).
     */
    public DistrustList distrust() {
        return DistrustList.of(excluded);
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
        private final Map<X509Certificate, IntermediateCertificate> intermediates = new LinkedHashMap<>();
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

        /** A certificate the OS lists for building chains without trusting it as an anchor. */
        public Builder intermediate(X509Certificate certificate, String source) {
            intermediates.putIfAbsent(certificate, new IntermediateCertificate(certificate, source));
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
            DistrustList distrust = DistrustList.of(excluded);
            List<ExcludedCertificate> derived = new ArrayList<>();
            Set<X509Certificate> anchorSet = new HashSet<>();
            List<TrustedCertificate> anchors = new ArrayList<>();
            for (TrustedCertificate candidate : trusted.values()) {
                X509Certificate certificate = candidate.certificate();
                Optional<ExcludedCertificate> distrusted = distrust.match(certificate);
                if (distrusted.isPresent()) {
                    if (!distrusted.get().certificate().equals(certificate)) {
                        derived.add(new ExcludedCertificate(certificate, candidate.source(),
                                ExclusionReason.DISTRUSTED, "the same subject and public key as a certificate "
                                + "distrusted in " + distrusted.get().source() + " (" + distrusted.get().detail()
                                + ")"));
                    }
                    continue;
                }
                Optional<String> refusal = ServerAuthPurpose.refusalByOwnExtension(certificate);
                if (refusal.isPresent()) {
                    derived.add(new ExcludedCertificate(certificate, candidate.source(),
                            ExclusionReason.NOT_TRUSTED_FOR_SERVER_AUTH, refusal.get()));
                    continue;
                }
                anchors.add(candidate);
                anchorSet.add(certificate);
            }
            // An exclusion other than distrust only matters when the certificate did not become an anchor.
            List<ExcludedCertificate> reported = new ArrayList<>();
            for (ExcludedCertificate exclusion : excluded) {
                if (exclusion.reason() == ExclusionReason.DISTRUSTED || !anchorSet.contains(exclusion.certificate())) {
                    reported.add(exclusion);
                }
            }
            reported.addAll(derived);
            List<IntermediateCertificate> usable = new ArrayList<>();
            for (IntermediateCertificate intermediate : intermediates.values()) {
                if (!anchorSet.contains(intermediate.certificate())
                        && distrust.match(intermediate.certificate()).isEmpty()) {
                    usable.add(intermediate);
                }
            }
            return new TrustStoreReport(backendId, anchors, usable, reported, skipped, searched, duplicates);
        }
    }
}
