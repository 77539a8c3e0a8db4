package dev.systemtrust.windows;

import java.util.Map;

/** Readable names for the Win32/crypt32 error codes this backend meets. */
final class WindowsErrors {
    static final int ERROR_FILE_NOT_FOUND = 2;
    static final int ERROR_PATH_NOT_FOUND = 3;
    static final int ERROR_ACCESS_DENIED = 5;
    static final int CRYPT_E_NOT_FOUND = 0x80092004;

    private static final Map<Integer, String> NAMES = Map.of(
            ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND",
            ERROR_PATH_NOT_FOUND, "ERROR_PATH_NOT_FOUND",
            ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED",
            CRYPT_E_NOT_FOUND, "CRYPT_E_NOT_FOUND");

    private WindowsErrors() {
    }

    static String describe(int code) {
        String hex = String.format("0x%08X", code);
        String name = NAMES.get(code);
        return name == null ? hex : name + " " + hex;
    }
}
