package dev.systemtrust.windows;

import static dev.systemtrust.windows.WincryptConstants.CERT_E_CHAINING;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_CN_NO_MATCH;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_EXPIRED;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_INVALID_NAME;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_REVOCATION_FAILURE;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_UNTRUSTEDROOT;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_UNTRUSTEDTESTROOT;
import static dev.systemtrust.windows.WincryptConstants.CERT_E_WRONG_USAGE;
import static dev.systemtrust.windows.WincryptConstants.CRYPT_E_NOT_FOUND;
import static dev.systemtrust.windows.WincryptConstants.CRYPT_E_NO_REVOCATION_CHECK;
import static dev.systemtrust.windows.WincryptConstants.CRYPT_E_REVOCATION_OFFLINE;
import static dev.systemtrust.windows.WincryptConstants.CRYPT_E_REVOKED;
import static dev.systemtrust.windows.WincryptConstants.ERROR_ACCESS_DENIED;
import static dev.systemtrust.windows.WincryptConstants.ERROR_FILE_NOT_FOUND;
import static dev.systemtrust.windows.WincryptConstants.ERROR_MORE_DATA;
import static dev.systemtrust.windows.WincryptConstants.ERROR_NO_MORE_FILES;
import static dev.systemtrust.windows.WincryptConstants.ERROR_PATH_NOT_FOUND;
import static dev.systemtrust.windows.WincryptConstants.TRUST_E_CERT_SIGNATURE;
import static dev.systemtrust.windows.WincryptConstants.TRUST_E_EXPLICIT_DISTRUST;

import java.util.Map;

/** Readable names for the Win32/crypt32 error codes this backend meets. */
final class WindowsErrors {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND"),
            Map.entry(ERROR_PATH_NOT_FOUND, "ERROR_PATH_NOT_FOUND"),
            Map.entry(ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED"),
            Map.entry(ERROR_NO_MORE_FILES, "ERROR_NO_MORE_FILES"),
            Map.entry(ERROR_MORE_DATA, "ERROR_MORE_DATA"),
            Map.entry(CRYPT_E_NOT_FOUND, "CRYPT_E_NOT_FOUND"),
            Map.entry(CRYPT_E_REVOKED, "CRYPT_E_REVOKED"),
            Map.entry(CRYPT_E_NO_REVOCATION_CHECK, "CRYPT_E_NO_REVOCATION_CHECK"),
            Map.entry(CRYPT_E_REVOCATION_OFFLINE, "CRYPT_E_REVOCATION_OFFLINE"),
            Map.entry(TRUST_E_CERT_SIGNATURE, "TRUST_E_CERT_SIGNATURE"),
            Map.entry(CERT_E_EXPIRED, "CERT_E_EXPIRED"),
            Map.entry(CERT_E_UNTRUSTEDROOT, "CERT_E_UNTRUSTEDROOT"),
            Map.entry(CERT_E_CHAINING, "CERT_E_CHAINING"),
            Map.entry(CERT_E_UNTRUSTEDTESTROOT, "CERT_E_UNTRUSTEDTESTROOT"),
            Map.entry(CERT_E_REVOCATION_FAILURE, "CERT_E_REVOCATION_FAILURE"),
            Map.entry(CERT_E_CN_NO_MATCH, "CERT_E_CN_NO_MATCH"),
            Map.entry(CERT_E_WRONG_USAGE, "CERT_E_WRONG_USAGE"),
            Map.entry(TRUST_E_EXPLICIT_DISTRUST, "TRUST_E_EXPLICIT_DISTRUST"),
            Map.entry(CERT_E_INVALID_NAME, "CERT_E_INVALID_NAME"));

    private WindowsErrors() {
    }

    static String describe(int code) {
        String hex = String.format("0x%08X", code);
        String name = NAMES.get(code);
        return name == null ? hex : name + " " + hex;
    }

    /** An absent store: {@code CertOpenStore} with {@code CERT_STORE_OPEN_EXISTING_FLAG} finds no such store. */
    static boolean meansAbsentStore(int openError) {
        return openError == ERROR_FILE_NOT_FOUND || openError == ERROR_PATH_NOT_FOUND
                || openError == ERROR_NO_MORE_FILES;
    }

    /** {@code CertEnumCertificatesInStore} returned NULL because the store has no more certificates. */
    static boolean meansEndOfStore(int enumerationError) {
        return enumerationError == CRYPT_E_NOT_FOUND || enumerationError == ERROR_NO_MORE_FILES;
    }
}
