package dev.systemtrust.macos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one certificate enumeration returned (a trust-settings domain or the system roots keychain).
 *
 * @param status       the OSStatus of the call
 * @param certificates the DER encodings in the order returned; {@code null} when the call succeeded but
 *                     returned NULL; an element is {@code null} when its data could not be copied out
 */
public record CertificateListing(int status, List<byte[]> certificates) {
    public CertificateListing {
        // List.copyOf rejects null elements, which here mean "data unavailable" and must be reported.
        certificates = certificates == null ? null : Collections.unmodifiableList(new ArrayList<>(certificates));
    }

    public static CertificateListing of(List<byte[]> certificates) {
        return new CertificateListing(OsStatus.SUCCESS, certificates);
    }

    public static CertificateListing failed(int status) {
        return new CertificateListing(status, null);
    }
}
