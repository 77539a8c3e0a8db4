package dev.systemtrust.macos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code SecTrustSettingsCopyTrustSettings} returned for one certificate in one domain, as raw facts: the
 * native layer reports what happened, {@link TrustSettingsReading} decides what it means.
 */
public sealed interface TrustSettingsLookup {

    /** errSecSuccess with a CFArray: its elements in order. */
    record Settings(List<UsageConstraints> entries) implements TrustSettingsLookup {
        public Settings {
            entries = Collections.unmodifiableList(new ArrayList<>(entries));
        }
    }

    /** errSecSuccess, and the out-parameter is NULL. */
    record NullSettings() implements TrustSettingsLookup {
    }

    /** errSecSuccess, and the out-parameter is a CF object that is not a CFArray. */
    record NotAnArray() implements TrustSettingsLookup {
    }

    /** Another OSStatus (errSecNoTrustSettings and errSecItemNotFound included). */
    record Failed(int status) implements TrustSettingsLookup {
    }

    /** No lookup was made: {@code SecCertificateCreateWithData} returned NULL for the certificate's DER. */
    record CertificateNotCreated() implements TrustSettingsLookup {
    }

    /** The array's elements, or {@link NullSettings} for {@code null}. */
    static TrustSettingsLookup of(List<UsageConstraints> entries) {
        return entries == null ? new NullSettings() : new Settings(entries);
    }

    static TrustSettingsLookup failed(int status) {
        return new Failed(status);
    }
}
