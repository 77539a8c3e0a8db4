package dev.systemtrust.macos;

/**
 * The three trust-settings domains. For a certificate, trustd (macOS 11+) uses the Admin domain's settings when
 * there are any, else the User domain's: admin settings overrule user settings. System holds Apple's roots.
 */
public enum TrustSettingsDomain {
    USER(0, "User"),
    ADMIN(1, "Admin"),
    SYSTEM(2, "System");

    private final int code;
    private final String displayName;

    TrustSettingsDomain(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** The {@code SecTrustSettingsDomain} value passed to Security.framework. */
    public int code() {
        return code;
    }

    /** How the location appears in reports, e.g. "macOS trust settings, Admin domain". */
    public String location() {
        return "macOS trust settings, " + displayName + " domain";
    }
}
