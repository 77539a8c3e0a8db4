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
     * @param usageAndProperties also ask, per certificate, {@code CertGetEnhancedKeyUsage} (extension and property
     *                           separately) and {@code CertGetCertificateContextProperty} for
     *                           {@link #PARTIAL_DISTRUST_PROPERTIES}
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
     * @param usage      what {@code CertGetEnhancedKeyUsage} returned for its EKU extension and for the store's EKU
     *                   property, or {@code null} when not asked
     * @param properties {@link #PARTIAL_DISTRUST_PROPERTIES} by id, empty when not asked
     */
    record StoreEntry(byte[] der, EnhancedKeyUsage usage, Map<Integer, PropertyRead> properties) {
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
     * A certificate's enhanced key usage from its two sources, asked one at a time: the certificate's EKU extension
     * ({@code CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG}) and the EKU property the store sets on it
     * ({@code CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG}). Asked separately, an absent source is a failed call with
     * {@code CRYPT_E_NOT_FOUND}, so nothing depends on the last error after a call that succeeded (asked merged,
     * "no identifier" means every use or none depending on {@code GetLastError()} after a TRUE return, which a
     * crypt32 need not have cleared).
     */
    record EnhancedKeyUsage(UsageQuery extension, UsageQuery property) {
        public EnhancedKeyUsage {
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(property, "property");
        }
    }

    /**
     * One {@code CertGetEnhancedKeyUsage} call for one source.
     *
     * @param succeeded   whether the call returned TRUE
     * @param identifiers the identifiers it listed (none when it failed; none after TRUE: the source allows no use)
     * @param lastError   {@code GetLastError()} when it returned FALSE ({@code CRYPT_E_NOT_FOUND}: no such source);
     *                    0 when it returned TRUE
     */
    record UsageQuery(boolean succeeded, List<String> identifiers, int lastError) {
        public UsageQuery {
            identifiers = List.copyOf(identifiers);
        }

        public static UsageQuery listed(List<String> identifiers) {
            return new UsageQuery(true, identifiers, 0);
        }

        public static UsageQuery failed(int lastError) {
            return new UsageQuery(false, List.of(), lastError);
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
