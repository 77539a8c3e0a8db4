package dev.systemtrust.windows;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The native boundary: what crypt32 said about one Windows system store, as plain values. The JNA adapter
 * implements it with crypt32; tests implement it with stores built from real certificates. Only raw facts cross it
 * (handles opened or not, last errors, identifiers, property bytes): every trust decision is made on this side, by
 * {@link WindowsStoreReading}, {@link WindowsEkuRule} and {@link PartialDistrustRule}.
 */
public interface CertificateStores {

    /** The certificate context properties read for every candidate anchor: Microsoft's partial distrust. */
    List<Integer> PARTIAL_DISTRUST_PROPERTIES = List.of(
            WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID,
            WincryptConstants.CERT_DISALLOWED_FILETIME_PROP_ID,
            WincryptConstants.CERT_NOT_BEFORE_FILETIME_PROP_ID,
            WincryptConstants.CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID,
            WincryptConstants.CERT_DISALLOWED_CA_FILETIME_PROP_ID);

    /**
     * Opens {@code storeName} (e.g. {@code ROOT}) at {@code location} read-only and lists every certificate.
     *
     * @param usageAndProperties also ask, per certificate, {@code CertGetEnhancedKeyUsage} and
     *                           {@code CertGetCertificateContextProperty} for {@link #PARTIAL_DISTRUST_PROPERTIES}
     */
    StoreListing list(StoreProvider provider, StoreLocation location, String storeName, boolean usageAndProperties);

    /**
     * One store as crypt32 reported it.
     *
     * @param opened   whether {@code CertOpenStore} returned a handle
     * @param openError its last error when it did not
     * @param entries  the certificates {@code CertEnumCertificatesInStore} returned, in order
     * @param endError the last error when {@code CertEnumCertificatesInStore} returned NULL (end of store or not)
     */
    record StoreListing(boolean opened, int openError, List<StoreEntry> entries, int endError) {
        public StoreListing {
            entries = List.copyOf(entries);
        }

        public static StoreListing openFailed(int lastError) {
            return new StoreListing(false, lastError, List.of(), 0);
        }

        public static StoreListing enumerated(List<StoreEntry> entries, int endError) {
            return new StoreListing(true, 0, entries, endError);
        }
    }

    /**
     * A certificate as the store holds it.
     *
     * @param der        its encoding
     * @param usage      what {@code CertGetEnhancedKeyUsage(ctx, 0, ...)} returned, or {@code null} when not asked
     * @param properties {@link #PARTIAL_DISTRUST_PROPERTIES} by id, empty when not asked
     */
    record StoreEntry(byte[] der, UsageQuery usage, Map<Integer, PropertyRead> properties) {
        public StoreEntry {
            Objects.requireNonNull(der, "der");
            properties = Map.copyOf(properties);
        }

        /** An entry that was listed without its usage and properties (Disallowed and CA stores). */
        public static StoreEntry bare(byte[] der) {
            return new StoreEntry(der, null, Map.of());
        }
    }

    /**
     * {@code CertGetEnhancedKeyUsage(ctx, 0, ...)}, which merges the EKU extension with the usages the store's
     * properties set.
     *
     * @param succeeded   whether the call returned TRUE
     * @param identifiers the identifiers it listed (none when it failed)
     * @param lastError   {@code GetLastError()} right after the call: with zero identifiers it tells "all uses"
     *                    ({@code CRYPT_E_NOT_FOUND}) from "no use" (0)
     */
    record UsageQuery(boolean succeeded, List<String> identifiers, int lastError) {
        public UsageQuery {
            identifiers = List.copyOf(identifiers);
        }
    }

    /**
     * {@code CertGetCertificateContextProperty(ctx, id, ...)}.
     *
     * @param present   whether the call returned TRUE
     * @param value     the property's bytes when present
     * @param lastError {@code GetLastError()} when it returned FALSE ({@code CRYPT_E_NOT_FOUND}: no such property)
     */
    record PropertyRead(boolean present, byte[] value, int lastError) {
        public static PropertyRead notReturned(int lastError) {
            return new PropertyRead(false, null, lastError);
        }

        public static PropertyRead of(byte[] value) {
            return new PropertyRead(true, value.clone(), 0);
        }
    }
}
