package dev.systemtrust.macos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@code SecTrustSettingsCopyTrustSettings} returned for one certificate in one domain.
 *
 * @param status  the OSStatus; errSecItemNotFound means "no settings in this domain"
 * @param entries the trust-settings array's elements in order; {@code null} when the call succeeded but returned
 *                NULL
 */
public record TrustSettingsLookup(int status, List<UsageConstraints> entries) {
    public TrustSettingsLookup {
        entries = entries == null ? null : Collections.unmodifiableList(new ArrayList<>(entries));
    }

    public static TrustSettingsLookup of(List<UsageConstraints> entries) {
        return new TrustSettingsLookup(OsStatus.SUCCESS, entries);
    }

    public static TrustSettingsLookup failed(int status) {
        return new TrustSettingsLookup(status, null);
    }
}
