package dev.systemtrust.windows;

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

    static UsageQuery allUses() {
        return new UsageQuery(true, List.of(), WincryptConstants.CRYPT_E_NOT_FOUND);
    }

    static UsageQuery noUses() {
        return new UsageQuery(true, List.of(), 0);
    }

    static UsageQuery listed(List<String> identifiers) {
        return new UsageQuery(true, identifiers, 0);
    }

    static UsageQuery usageError(int lastError) {
        return new UsageQuery(false, List.of(), lastError);
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
            UsageQuery usage) {
        return add(provider, location, store, der(certificate), usage, Map.of());
    }

    FakeStores add(StoreProvider provider, StoreLocation location, String store, byte[] der, UsageQuery usage,
            Map<Integer, PropertyRead> properties) {
        String key = WindowsStoreReading.describe(provider, location, store);
        StoreListing before = listings.getOrDefault(key, StoreListing.enumerated(List.of(),
                WincryptConstants.CRYPT_E_NOT_FOUND));
        List<StoreEntry> entries = new ArrayList<>(before.entries());
        entries.add(new StoreEntry(der, usage, properties(properties)));
        listings.put(key, StoreListing.enumerated(entries, before.endError()));
        return this;
    }

    FakeStores root(StoreLocation location, X509Certificate certificate, UsageQuery usage) {
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
