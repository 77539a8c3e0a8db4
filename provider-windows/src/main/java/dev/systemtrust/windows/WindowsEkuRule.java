package dev.systemtrust.windows;

import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.windows.CertificateStores.UsageQuery;
import java.util.Optional;

/**
 * Whether a ROOT entry's enhanced key usage, as {@code CertGetEnhancedKeyUsage(ctx, 0, ...)} reports it (the EKU
 * extension merged with the store's usage properties), allows TLS server authentication. Zero identifiers are
 * ambiguous in that API: the last error tells them apart ({@code CRYPT_E_NOT_FOUND}: every use; 0: no use).
 */
final class WindowsEkuRule {

    private WindowsEkuRule() {
    }

    /** Why the entry is not an anchor for TLS servers, or empty when its usage allows them. */
    static Optional<String> refusal(UsageQuery usage) {
        if (usage == null) {
            return Optional.of("enhanced key usage was not read: not trusted without an answer");
        }
        if (!usage.succeeded()) {
            return Optional.of("CertGetEnhancedKeyUsage failed (" + WindowsErrors.describe(usage.lastError())
                    + "): not trusted without an answer");
        }
        if (usage.identifiers().isEmpty()) {
            if (usage.lastError() == WincryptConstants.CRYPT_E_NOT_FOUND) {
                return Optional.empty();
            }
            if (usage.lastError() == 0) {
                return Optional.of("enhanced key usage allows no purpose");
            }
            return Optional.of("CertGetEnhancedKeyUsage listed no purpose with last error "
                    + WindowsErrors.describe(usage.lastError()) + ": cannot tell every use from none");
        }
        return ServerAuthPurpose.allows(usage.identifiers()) ? Optional.empty()
                : Optional.of("enhanced key usage " + usage.identifiers() + " lacks serverAuth");
    }
}
