package dev.systemtrust.windows;

import dev.systemtrust.windows.CertificateStores.EnhancedKeyUsage;
import dev.systemtrust.windows.CertificateStores.PropertyRead;
import dev.systemtrust.windows.CertificateStores.UsageQuery;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows stores as crypt32 would report them, built from real certificates. A store nobody filled does not exist
 * ({@code ERROR_FILE_NOT_FOUND}), as on a machine without group policy stores. Entries carry no Microsoft property
 * unless given one, as crypt32 answers {@code CRYPT_E_NOT_FOUND} for a property a certificate lacks.
 */
final class FakeStores implements CertificateStores {
    private final Map<String, StoreListing> listings = new HashMap<>();
    final List<String> opened = new ArrayList<>();
    final List<Boolean> askedForUsage = new ArrayList<>();

    /** What crypt32 answers for a source (EKU extension or property) the certificate does not have. */
    static final UsageQuery ABSENT = UsageQuery.failed(WincryptConstants.CRYPT_E_NOT_FOUND);

    /** Neither an EKU extension nor an EKU property: every use. */
    static EnhancedKeyUsage allUses() {
        return new EnhancedKeyUsage(ABSENT, ABSENT);
    }

    /** An EKU property that lists nothing: no use. */
    static EnhancedKeyUsage noUses() {
        return new EnhancedKeyUsage(ABSENT, UsageQuery.listed(List.of()));
    }

    /** An EKU property with these identifiers (no extension). */
    static EnhancedKeyUsage listed(List<String> identifiers) {
        return new EnhancedKeyUsage(ABSENT, UsageQuery.listed(identifiers));
    }

    /** Reading the EKU property fails with this error. */
    static EnhancedKeyUsage usageError(int lastError) {
        return new EnhancedKeyUsage(ABSENT, UsageQuery.failed(lastError));
    }

    /** Every partial-distrust property absent, with these replaced. */
    static Map<Integer, PropertyRead> properties(Map<Integer, PropertyRead> present) {
        Map<Integer, PropertyRead> all = new HashMap<>();
        for (int id : PARTIAL_DISTRUST_PROPERTIES) {
            all.put(id, PropertyRead.notReturned(WincryptConstants.CRYPT_E_NOT_FOUND));
        }
        all.putAll(present);
        return all;
    }

    FakeStores add(StoreProvider provider, StoreLocation location, String store, X509Certificate certificate,
            EnhancedKeyUsage usage) {
        return add(provider, location, store, der(certificate), usage, Map.of());
    }

    FakeStores add(StoreProvider provider, StoreLocation location, String store, byte[] der, EnhancedKeyUsage usage,
            Map<Integer, PropertyRead> properties) {
        String key = WindowsStoreReading.describe(provider, location, store);
        StoreListing before = listings.getOrDefault(key, StoreListing.enumerated(List.of(),
                WincryptConstants.CRYPT_E_NOT_FOUND));
        List<StoreEntry> entries = new ArrayList<>(before.entries());
        entries.add(new StoreEntry(der, usage, properties(properties)));
        listings.put(key, StoreListing.enumerated(entries, before.endError()));
        return this;
    }

    FakeStores root(StoreLocation location, X509Certificate certificate, EnhancedKeyUsage usage) {
        return add(StoreProvider.SYSTEM_REGISTRY, location, WindowsStoreReading.ROOT, certificate, usage);
    }

    FakeStores set(StoreProvider provider, StoreLocation location, String store, StoreListing listing) {
        listings.put(WindowsStoreReading.describe(provider, location, store), listing);
        return this;
    }

    @Override
    public StoreListing list(StoreProvider provider, StoreLocation location, String storeName,
            boolean usageAndProperties) {
        String key = WindowsStoreReading.describe(provider, location, storeName);
        opened.add(key);
        askedForUsage.add(usageAndProperties);
        return listings.getOrDefault(key, StoreListing.openFailed(WincryptConstants.ERROR_FILE_NOT_FOUND));
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
