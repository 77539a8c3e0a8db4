package dev.systemtrust.macos;

import java.util.List;

/**
 * What {@code SecTrustSettingsCopyTrustSettings} returned for one certificate in one domain.
 *
 * @param status  the OSStatus; errSecItemNotFound means "no settings in this domain"
 * @param entries the usage-constraints dictionaries in order; {@code null} when the call succeeded but returned NULL
 */
public record TrustSettingsLookup(int status, List<TrustSettingsEntry> entries) {
    public TrustSettingsLookup {
        entries = entries == null ? null : List.copyOf(entries);
    }

    public static TrustSettingsLookup of(List<TrustSettingsEntry> entries) {
        return new TrustSettingsLookup(OsStatus.SUCCESS, entries);
    }

    public static TrustSettingsLookup failed(int status) {
        return new TrustSettingsLookup(status, null);
    }
}
