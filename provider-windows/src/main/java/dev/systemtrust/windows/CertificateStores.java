package dev.systemtrust.windows;

import java.util.List;
import java.util.Objects;

/**
 * The native boundary: the contents of one Windows system store as plain values. The JNA adapter implements it
 * with crypt32; tests implement it with stores built from real certificates. No trust decision happens behind it.
 */
public interface CertificateStores {

    /** Opens {@code storeName} (e.g. {@code ROOT}) at {@code location} read-only and lists every certificate. */
    StoreListing list(StoreProvider provider, StoreLocation location, String storeName);

    /** One store's contents, or why there are none. */
    record StoreListing(Status status, int errorCode, List<StoreEntry> entries) {
        public enum Status { OPENED, NOT_FOUND, FAILED }

        public StoreListing {
            Objects.requireNonNull(status, "status");
            entries = List.copyOf(entries);
        }

        public static StoreListing opened(List<StoreEntry> entries) {
            return new StoreListing(Status.OPENED, 0, entries);
        }

        public static StoreListing notFound(int errorCode) {
            return new StoreListing(Status.NOT_FOUND, errorCode, List.of());
        }

        public static StoreListing failed(int errorCode) {
            return new StoreListing(Status.FAILED, errorCode, List.of());
        }
    }

    /** A certificate as the store holds it: its DER bytes and what {@code CertGetEnhancedKeyUsage} said. */
    record StoreEntry(byte[] der, EnhancedKeyUsage usage) {
        public StoreEntry {
            Objects.requireNonNull(der, "der");
            Objects.requireNonNull(usage, "usage");
        }
    }

    /**
     * {@code CertGetEnhancedKeyUsage(ctx, 0, ...)}, which merges the EKU extension with the usages the store's
     * properties set.
     *
     * @param kind      ALL_USES: zero identifiers and last error {@code CRYPT_E_NOT_FOUND}; NO_USES: zero identifiers
     *                  otherwise; LISTED: the identifiers; ERROR: the call failed
     * @param oids      the identifiers when LISTED
     * @param errorCode the last error when ERROR
     */
    record EnhancedKeyUsage(Kind kind, List<String> oids, int errorCode) {
        public enum Kind { ALL_USES, NO_USES, LISTED, ERROR }

        public EnhancedKeyUsage {
            Objects.requireNonNull(kind, "kind");
            oids = List.copyOf(oids);
        }

        public static EnhancedKeyUsage allUses() {
            return new EnhancedKeyUsage(Kind.ALL_USES, List.of(), 0);
        }

        public static EnhancedKeyUsage noUses() {
            return new EnhancedKeyUsage(Kind.NO_USES, List.of(), 0);
        }

        public static EnhancedKeyUsage listed(List<String> oids) {
            return new EnhancedKeyUsage(Kind.LISTED, oids, 0);
        }

        public static EnhancedKeyUsage error(int errorCode) {
            return new EnhancedKeyUsage(Kind.ERROR, List.of(), errorCode);
        }
    }
}
