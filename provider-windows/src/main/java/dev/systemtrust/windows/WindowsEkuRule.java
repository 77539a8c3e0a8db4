package dev.systemtrust.windows;

import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.windows.CertificateStores.EnhancedKeyUsage;
import dev.systemtrust.windows.CertificateStores.UsageQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a ROOT entry's enhanced key usage allows TLS server authentication, combining its two sources as
 * Microsoft documents for {@code CertGetEnhancedKeyUsage}: neither the EKU extension nor the store's EKU property
 * present, every use; one present, the uses it lists; both present, only the uses both list. Each source was asked
 * on its own ({@link EnhancedKeyUsage}), so "absent" is a FALSE return with {@code CRYPT_E_NOT_FOUND} and "no use" an
 * empty list after TRUE: data, never a last error read after a call that succeeded. Both lists are compared as
 * identifier strings (anyExtendedKeyUsage in one list does not stand in for serverAuth in the other), which can only
 * allow less than Windows, never more.
 */
final class WindowsEkuRule {

    private WindowsEkuRule() {
    }

    /** Why the entry is not an anchor for TLS servers, or empty when its usage allows them. */
    static Optional<String> refusal(EnhancedKeyUsage usage) {
        if (usage == null) {
            return Optional.of("enhanced key usage was not read: not trusted without an answer");
        }
        Optional<String> failure = failure(usage.extension(), "EKU extension");
        if (failure.isEmpty()) {
            failure = failure(usage.property(), "store's EKU property");
        }
        if (failure.isPresent()) {
            return failure;
        }
        List<String> extension = usage.extension().succeeded() ? usage.extension().identifiers() : null;
        List<String> property = usage.property().succeeded() ? usage.property().identifiers() : null;
        if (extension == null && property == null) {
            return Optional.empty(); // neither source: every use
        }
        List<String> effective;
        String what;
        if (extension != null && property != null) {
            effective = new ArrayList<>(extension);
            effective.retainAll(property);
            what = "the uses both the EKU extension " + extension + " and the store's EKU property " + property
                    + " list";
        } else {
            effective = extension != null ? extension : property;
            what = (extension != null ? "the EKU extension " : "the store's EKU property ") + effective;
        }
        if (effective.isEmpty()) {
            return Optional.of("enhanced key usage allows no purpose: " + what);
        }
        return ServerAuthPurpose.allows(effective) ? Optional.empty()
                : Optional.of("enhanced key usage lacks serverAuth: " + what);
    }

    /** A call that failed for another reason than "this source is absent". */
    private static Optional<String> failure(UsageQuery source, String name) {
        if (source.succeeded() || source.lastError() == WincryptConstants.CRYPT_E_NOT_FOUND) {
            return Optional.empty();
        }
        return Optional.of("CertGetEnhancedKeyUsage failed for the " + name + " ("
                + WindowsErrors.describe(source.lastError()) + "): not trusted without an answer");
    }
}
