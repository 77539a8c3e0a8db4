package dev.systemtrust.windows;

import dev.systemtrust.spi.ServerAuthPurpose;

/**
 * Every value this backend takes from {@code wincrypt.h} and {@code winerror.h}, named exactly as the headers name
 * it, so that {@code WincryptLayoutTest} can compare each one with what mingw-w64's real headers define (it reads
 * this class by reflection: a constant added here is checked automatically). No JNA here: the rule classes use them
 * too.
 */
public final class WincryptConstants {
    // CertOpenStore: providers (LPCSTR integer constants), flags and system store locations.
    public static final int CERT_STORE_PROV_MEMORY = 2;
    public static final int CERT_STORE_PROV_SYSTEM_W = 10;
    public static final int CERT_STORE_PROV_SYSTEM_REGISTRY_W = 13;
    public static final int CERT_STORE_OPEN_EXISTING_FLAG = 0x00004000;
    public static final int CERT_STORE_READONLY_FLAG = 0x00008000;
    public static final int CERT_SYSTEM_STORE_CURRENT_USER = 1 << 16;
    public static final int CERT_SYSTEM_STORE_LOCAL_MACHINE = 2 << 16;
    public static final int CERT_SYSTEM_STORE_CURRENT_USER_GROUP_POLICY = 7 << 16;
    public static final int CERT_SYSTEM_STORE_LOCAL_MACHINE_GROUP_POLICY = 8 << 16;
    public static final int CERT_SYSTEM_STORE_LOCAL_MACHINE_ENTERPRISE = 9 << 16;
    public static final int CERT_STORE_ADD_ALWAYS = 4;
    public static final int CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG = 0x2;
    public static final int CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG = 0x4;
    public static final int X509_ASN_ENCODING = 0x00000001;
    public static final int PKCS_7_ASN_ENCODING = 0x00010000;

    // Certificate context properties: Microsoft's partial distrust of AuthRoot roots, and the stapled OCSP response.
    public static final int CERT_DISALLOWED_FILETIME_PROP_ID = 104;
    public static final int CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID = 122;
    public static final int CERT_NOT_BEFORE_FILETIME_PROP_ID = 126;
    public static final int CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID = 127;
    /** In Microsoft's current wincrypt.h, not yet in mingw-w64's (see WincryptLayoutTest.NOT_IN_MINGW). */
    public static final int CERT_DISALLOWED_CA_FILETIME_PROP_ID = 128;
    public static final int CERT_OCSP_RESPONSE_PROP_ID = 70;
    public static final int CERT_SET_PROPERTY_IGNORE_PERSIST_ERROR_FLAG = 0x80000000;

    // CertGetCertificateChain and CertVerifyCertificateChainPolicy.
    public static final int USAGE_MATCH_TYPE_AND = 0;
    public static final int USAGE_MATCH_TYPE_OR = 1;
    public static final int CERT_CHAIN_CACHE_END_CERT = 0x00000001;
    public static final int CERT_CHAIN_REVOCATION_CHECK_END_CERT = 0x10000000;
    public static final int CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY = 0x80000000;
    public static final int CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT = 0x08000000;
    public static final int CERT_CHAIN_POLICY_SSL = 4;
    public static final int AUTHTYPE_SERVER = 2;
    public static final int CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS = 0x00000F00;
    public static final String szOID_PKIX_KP_SERVER_AUTH = ServerAuthPurpose.SERVER_AUTH;
    public static final String szOID_ANY_ENHANCED_KEY_USAGE = ServerAuthPurpose.ANY_EXTENDED_KEY_USAGE;
    public static final String szOID_SERVER_GATED_CRYPTO = "1.3.6.1.4.1.311.10.3.3";
    public static final String szOID_SGC_NETSCAPE = "2.16.840.1.113730.4.1";

    // CERT_TRUST_STATUS.dwErrorStatus bits named in error messages.
    public static final int CERT_TRUST_IS_NOT_TIME_VALID = 0x00000001;
    public static final int CERT_TRUST_IS_REVOKED = 0x00000004;
    public static final int CERT_TRUST_IS_NOT_SIGNATURE_VALID = 0x00000008;
    public static final int CERT_TRUST_IS_NOT_VALID_FOR_USAGE = 0x00000010;
    public static final int CERT_TRUST_IS_UNTRUSTED_ROOT = 0x00000020;
    public static final int CERT_TRUST_REVOCATION_STATUS_UNKNOWN = 0x00000040;
    public static final int CERT_TRUST_IS_CYCLIC = 0x00000080;
    public static final int CERT_TRUST_INVALID_BASIC_CONSTRAINTS = 0x00000400;
    public static final int CERT_TRUST_INVALID_NAME_CONSTRAINTS = 0x00000800;
    public static final int CERT_TRUST_IS_PARTIAL_CHAIN = 0x00010000;
    public static final int CERT_TRUST_IS_OFFLINE_REVOCATION = 0x01000000;
    public static final int CERT_TRUST_IS_EXPLICIT_DISTRUST = 0x04000000;

    // winerror.h: Win32 errors and HRESULTs (as the signed 32-bit values GetLastError and dwError carry).
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_PATH_NOT_FOUND = 3;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_NO_MORE_FILES = 18;
    public static final int ERROR_MORE_DATA = 234;
    public static final int CRYPT_E_NOT_FOUND = 0x80092004;
    public static final int CRYPT_E_REVOKED = 0x80092010;
    public static final int CRYPT_E_NO_REVOCATION_CHECK = 0x80092012;
    public static final int CRYPT_E_REVOCATION_OFFLINE = 0x80092013;
    public static final int TRUST_E_CERT_SIGNATURE = 0x80096004;
    public static final int CERT_E_EXPIRED = 0x800B0101;
    public static final int CERT_E_UNTRUSTEDROOT = 0x800B0109;
    public static final int CERT_E_CHAINING = 0x800B010A;
    public static final int CERT_E_UNTRUSTEDTESTROOT = 0x800B010D;
    public static final int CERT_E_REVOCATION_FAILURE = 0x800B010E;
    public static final int CERT_E_CN_NO_MATCH = 0x800B010F;
    public static final int CERT_E_WRONG_USAGE = 0x800B0110;
    public static final int TRUST_E_EXPLICIT_DISTRUST = 0x800B0111;
    public static final int CERT_E_INVALID_NAME = 0x800B0114;

    private WincryptConstants() {
    }
}
