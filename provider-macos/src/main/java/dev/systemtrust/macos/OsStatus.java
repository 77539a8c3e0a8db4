package dev.systemtrust.macos;

import java.util.Map;

/**
 * The Security.framework result codes this backend reacts to (values from Apple's published SecBase.h), and
 * readable names for reports.
 */
public final class OsStatus {
    public static final int SUCCESS = 0;
    /** errSecIO: what the trust-settings calls return when their internal request to trustd times out. */
    public static final int IO = -36;
    public static final int PARAM = -50;
    /** errSecInvalidTrustSettings: "The Trust Settings Record was corrupted." */
    public static final int INVALID_TRUST_SETTINGS = -25262;
    /** errSecNoTrustSettings: the domain (or certificate) has no trust settings: an empty domain, not a failure. */
    public static final int NO_TRUST_SETTINGS = -25263;
    public static final int NOT_AVAILABLE = -25291;
    public static final int NO_SUCH_KEYCHAIN = -25294;
    public static final int ITEM_NOT_FOUND = -25300;

    private static final Map<Integer, String> NAMES = Map.of(
            IO, "errSecIO: I/O error; the trust settings service did not answer in time",
            PARAM, "errSecParam",
            INVALID_TRUST_SETTINGS, "errSecInvalidTrustSettings: trust settings record corrupted",
            NO_TRUST_SETTINGS, "errSecNoTrustSettings",
            NOT_AVAILABLE, "errSecNotAvailable",
            NO_SUCH_KEYCHAIN, "errSecNoSuchKeychain",
            ITEM_NOT_FOUND, "errSecItemNotFound");

    private OsStatus() {
    }

    /** "OSStatus -25262 (errSecInvalidTrustSettings: ...)", or just the number for codes without a name here. */
    public static String describe(int status) {
        String name = NAMES.get(status);
        return "OSStatus " + status + (name == null ? "" : " (" + name + ")");
    }

    /** Whether the status means "nothing stored here", which is an answer, not an error. */
    static boolean meansNoSettings(int status) {
        return status == NO_TRUST_SETTINGS || status == ITEM_NOT_FOUND;
    }
}
