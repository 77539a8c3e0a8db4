package dev.systemtrust.windows;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Windows stores as crypt32 would report them, built from real certificates. A store nobody filled does not exist
 * ({@code ERROR_FILE_NOT_FOUND}), as on a machine without group policy stores.
 */
final class FakeStores implements CertificateStores {
    private final Map<String, StoreListing> listings = new HashMap<>();
    final List<String> opened = new ArrayList<>();

    FakeStores add(StoreProvider provider, StoreLocation location, String store, X509Certificate certificate,
            EnhancedKeyUsage usage) {
        return add(provider, location, store, der(certificate), usage);
    }

    FakeStores add(StoreProvider provider, StoreLocation location, String store, byte[] der, EnhancedKeyUsage usage) {
        String key = WindowsStoreReading.describe(provider, location, store);
        List<StoreEntry> entries = new ArrayList<>(listings.getOrDefault(key, StoreListing.opened(List.of())).entries());
        entries.add(new StoreEntry(der, usage));
        listings.put(key, StoreListing.opened(entries));
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
    public StoreListing list(StoreProvider provider, StoreLocation location, String storeName) {
        String key = WindowsStoreReading.describe(provider, location, storeName);
        opened.add(key);
        return listings.getOrDefault(key, StoreListing.notFound(WindowsErrors.ERROR_FILE_NOT_FOUND));
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
