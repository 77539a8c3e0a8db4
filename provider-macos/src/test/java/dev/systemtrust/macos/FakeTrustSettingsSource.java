package dev.systemtrust.macos;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A macOS trust-settings database in memory: per-domain certificate lists, per-certificate trust-settings arrays
 * and the keychains' certificates, answering with the OSStatus codes Security.framework uses (errSecNoTrustSettings
 * for an empty domain, errSecItemNotFound for a certificate without settings in a domain). Counts every lookup;
 * answers can be queued per domain (e.g. errSecIO, then the real answer).
 */
final class FakeTrustSettingsSource implements TrustSettingsSource {
    private final Map<TrustSettingsDomain, CertificateListing> domains = new EnumMap<>(TrustSettingsDomain.class);
    private final Map<TrustSettingsDomain, Deque<CertificateListing>> queuedListings =
            new EnumMap<>(TrustSettingsDomain.class);
    private final Map<String, TrustSettingsLookup> settings = new HashMap<>();
    private final Map<String, Deque<TrustSettingsLookup>> queuedLookups = new HashMap<>();
    private final Map<String, RuntimeException> throwing = new HashMap<>();
    private final Map<String, Integer> lookupCounts = new HashMap<>();
    private CertificateListing keychains = CertificateListing.failed(OsStatus.ITEM_NOT_FOUND);
    private TrustSettingsLookup defaultLookup = TrustSettingsLookup.failed(OsStatus.ITEM_NOT_FOUND);

    FakeTrustSettingsSource() {
        for (TrustSettingsDomain domain : TrustSettingsDomain.values()) {
            domains.put(domain, CertificateListing.failed(OsStatus.NO_TRUST_SETTINGS));
            queuedListings.put(domain, new ArrayDeque<>());
        }
    }

    /** Puts the certificate in the domain with these trust settings (an empty array when none are given). */
    FakeTrustSettingsSource trust(TrustSettingsDomain domain, X509Certificate certificate, UsageConstraints... entries) {
        list(domain, certificate);
        return settings(domain, certificate, TrustSettingsLookup.of(List.of(entries)));
    }

    FakeTrustSettingsSource list(TrustSettingsDomain domain, X509Certificate certificate) {
        List<byte[]> listed = new ArrayList<>();
        CertificateListing current = domains.get(domain);
        if (current.certificates() != null) {
            listed.addAll(current.certificates());
        }
        listed.add(der(certificate));
        domains.put(domain, CertificateListing.of(listed));
        return this;
    }

    FakeTrustSettingsSource settings(TrustSettingsDomain domain, X509Certificate certificate,
            TrustSettingsLookup lookup) {
        settings.put(key(der(certificate), domain), lookup);
        return this;
    }

    /** The next lookups of the certificate in the domain answer these, in order, before its settings. */
    FakeTrustSettingsSource firstLookupsAnswer(TrustSettingsDomain domain, X509Certificate certificate,
            TrustSettingsLookup... answers) {
        queuedLookups.computeIfAbsent(key(der(certificate), domain), k -> new ArrayDeque<>())
                .addAll(Arrays.asList(answers));
        return this;
    }

    /** The next listings of the domain answer these, in order, before its certificates. */
    FakeTrustSettingsSource firstListingsAnswer(TrustSettingsDomain domain, CertificateListing... answers) {
        queuedListings.get(domain).addAll(Arrays.asList(answers));
        return this;
    }

    FakeTrustSettingsSource throwOnLookup(TrustSettingsDomain domain, X509Certificate certificate,
            RuntimeException e) {
        throwing.put(key(der(certificate), domain), e);
        return this;
    }

    FakeTrustSettingsSource domain(TrustSettingsDomain domain, CertificateListing listing) {
        domains.put(domain, listing);
        return this;
    }

    FakeTrustSettingsSource keychains(CertificateListing listing) {
        keychains = listing;
        return this;
    }

    FakeTrustSettingsSource keychains(X509Certificate... certificates) {
        return keychains(CertificateListing.of(Arrays.stream(certificates).map(FakeTrustSettingsSource::der)
                .toList()));
    }

    FakeTrustSettingsSource everyLookupAnswers(TrustSettingsLookup lookup) {
        defaultLookup = lookup;
        return this;
    }

    int lookups(X509Certificate certificate, TrustSettingsDomain domain) {
        return lookupCounts.getOrDefault(key(der(certificate), domain), 0);
    }

    int totalLookups() {
        return lookupCounts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public CertificateListing certificates(TrustSettingsDomain domain) {
        CertificateListing queued = queuedListings.get(domain).poll();
        return queued != null ? queued : domains.get(domain);
    }

    @Override
    public CertificateListing keychainCertificates() {
        return keychains;
    }

    @Override
    public TrustSettingsLookup trustSettings(byte[] der, TrustSettingsDomain domain) {
        String key = key(der, domain);
        lookupCounts.merge(key, 1, Integer::sum);
        if (throwing.containsKey(key)) {
            throw throwing.get(key);
        }
        Deque<TrustSettingsLookup> queued = queuedLookups.get(key);
        if (queued != null && !queued.isEmpty()) {
            return queued.poll();
        }
        return settings.getOrDefault(key, defaultLookup);
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(byte[] der, TrustSettingsDomain domain) {
        return domain + ":" + java.util.Base64.getEncoder().encodeToString(der);
    }
}
