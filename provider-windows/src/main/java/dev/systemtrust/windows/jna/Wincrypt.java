package dev.systemtrust.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;

/**
 * The crypt32 structures this backend passes or reads, declared field by field with the header's type and member
 * names, nested where the header nests them (never flattened, never read at hand-computed offsets).
 * {@code WincryptLayoutTest} compares every size and offset with what x86_64-w64-mingw32-gcc computes from
 * mingw-w64's {@code wincrypt.h}.
 *
 * <p>Only types whose size and alignment are the same on Win64 (LLP64) and on the LP64 platforms JNA may compute
 * the layout on are used: {@code DWORD}, {@code LONG} and {@code BOOL} as {@code int} (never Java {@code long} or
 * {@code NativeLong}: C {@code long} is 4 bytes on Windows and 8 on LP64), pointers as {@link Pointer} or
 * {@link WString} (never inline characters: {@code WCHAR} is 2 bytes on Windows, {@code wchar_t} 4 on Linux).
 */
public final class Wincrypt {
    // Nested structures are left null in their declarations: JNA creates them, bound to the parent's memory.
    private Wincrypt() {
    }

    /** A structure whose field offsets can be asked by name (for the layout test). */
    public abstract static class DeclaredStructure extends Structure {
        protected DeclaredStructure() {
        }

        /** Over native memory; the subclass constructor reads it once its own field initialisers have run. */
        protected DeclaredStructure(Pointer memory) {
            super(memory);
        }

        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }

    /** {@code CERT_CONTEXT}: read from what {@code CertEnumCertificatesInStore} returns. */
    @Structure.FieldOrder({"dwCertEncodingType", "pbCertEncoded", "cbCertEncoded", "pCertInfo", "hCertStore"})
    public static final class CERT_CONTEXT extends DeclaredStructure {
        public int dwCertEncodingType;
        public Pointer pbCertEncoded;
        public int cbCertEncoded;
        public Pointer pCertInfo;
        public Pointer hCertStore;

        public CERT_CONTEXT() {
        }

        public CERT_CONTEXT(Pointer memory) {
            super(memory);
            read();
        }
    }

    /** {@code CERT_ENHKEY_USAGE} (= {@code CTL_USAGE}): a count and an array of ASCII OID strings. */
    @Structure.FieldOrder({"cUsageIdentifier", "rgpszUsageIdentifier"})
    public static final class CERT_ENHKEY_USAGE extends DeclaredStructure {
        public int cUsageIdentifier;
        public Pointer rgpszUsageIdentifier;

        public CERT_ENHKEY_USAGE() {
        }

        public CERT_ENHKEY_USAGE(Pointer memory) {
            super(memory);
            read();
        }
    }

    /** {@code CERT_USAGE_MATCH}: nests a {@code CERT_ENHKEY_USAGE} (8-aligned on Win64). */
    @Structure.FieldOrder({"dwType", "Usage"})
    public static final class CERT_USAGE_MATCH extends DeclaredStructure {
        public int dwType;
        public CERT_ENHKEY_USAGE Usage;
    }

    /**
     * {@code CERT_CHAIN_PARA} as declared with {@code CERT_CHAIN_PARA_HAS_EXTRA_FIELDS} (Windows Vista and later read
     * the extra fields when {@code cbSize} covers them; Windows 8 added the last two).
     */
    @Structure.FieldOrder({"cbSize", "RequestedUsage", "RequestedIssuancePolicy", "dwUrlRetrievalTimeout",
            "fCheckRevocationFreshnessTime", "dwRevocationFreshnessTime", "pftCacheResync", "pStrongSignPara",
            "dwStrongSignFlags"})
    public static final class CERT_CHAIN_PARA extends DeclaredStructure {
        public int cbSize;
        public CERT_USAGE_MATCH RequestedUsage;
        public CERT_USAGE_MATCH RequestedIssuancePolicy;
        public int dwUrlRetrievalTimeout;
        public int fCheckRevocationFreshnessTime;
        public int dwRevocationFreshnessTime;
        public Pointer pftCacheResync;
        public Pointer pStrongSignPara;
        public int dwStrongSignFlags;

        public CERT_CHAIN_PARA() {
            cbSize = size();
        }
    }

    /** {@code CERT_TRUST_STATUS}. */
    @Structure.FieldOrder({"dwErrorStatus", "dwInfoStatus"})
    public static final class CERT_TRUST_STATUS extends DeclaredStructure {
        public int dwErrorStatus;
        public int dwInfoStatus;
    }

    /** {@code GUID}. */
    @Structure.FieldOrder({"Data1", "Data2", "Data3", "Data4"})
    public static final class GUID extends DeclaredStructure {
        public int Data1;
        public short Data2;
        public short Data3;
        public byte[] Data4 = new byte[8];
    }

    /** {@code CERT_CHAIN_CONTEXT}: what {@code CertGetCertificateChain} returns. */
    @Structure.FieldOrder({"cbSize", "TrustStatus", "cChain", "rgpChain", "cLowerQualityChainContext",
            "rgpLowerQualityChainContext", "fHasRevocationFreshnessTime", "dwRevocationFreshnessTime",
            "dwCreateFlags", "ChainId"})
    public static final class CERT_CHAIN_CONTEXT extends DeclaredStructure {
        public int cbSize;
        public CERT_TRUST_STATUS TrustStatus;
        public int cChain;
        public Pointer rgpChain;
        public int cLowerQualityChainContext;
        public Pointer rgpLowerQualityChainContext;
        public int fHasRevocationFreshnessTime;
        public int dwRevocationFreshnessTime;
        public int dwCreateFlags;
        public GUID ChainId;

        public CERT_CHAIN_CONTEXT() {
        }

        public CERT_CHAIN_CONTEXT(Pointer memory) {
            super(memory);
            read();
        }
    }

    /** {@code CERT_SIMPLE_CHAIN}. */
    @Structure.FieldOrder({"cbSize", "TrustStatus", "cElement", "rgpElement", "pTrustListInfo",
            "fHasRevocationFreshnessTime", "dwRevocationFreshnessTime"})
    public static final class CERT_SIMPLE_CHAIN extends DeclaredStructure {
        public int cbSize;
        public CERT_TRUST_STATUS TrustStatus;
        public int cElement;
        public Pointer rgpElement;
        public Pointer pTrustListInfo;
        public int fHasRevocationFreshnessTime;
        public int dwRevocationFreshnessTime;

        public CERT_SIMPLE_CHAIN() {
        }

        public CERT_SIMPLE_CHAIN(Pointer memory) {
            super(memory);
            read();
        }
    }

    /** {@code CERT_CHAIN_ELEMENT}. */
    @Structure.FieldOrder({"cbSize", "pCertContext", "TrustStatus", "pRevocationInfo", "pIssuanceUsage",
            "pApplicationUsage", "pwszExtendedErrorInfo"})
    public static final class CERT_CHAIN_ELEMENT extends DeclaredStructure {
        public int cbSize;
        public Pointer pCertContext;
        public CERT_TRUST_STATUS TrustStatus;
        public Pointer pRevocationInfo;
        public Pointer pIssuanceUsage;
        public Pointer pApplicationUsage;
        public Pointer pwszExtendedErrorInfo;

        public CERT_CHAIN_ELEMENT() {
        }

        public CERT_CHAIN_ELEMENT(Pointer memory) {
            super(memory);
            read();
        }
    }

    /** {@code CERT_CHAIN_POLICY_PARA}. */
    @Structure.FieldOrder({"cbSize", "dwFlags", "pvExtraPolicyPara"})
    public static final class CERT_CHAIN_POLICY_PARA extends DeclaredStructure {
        public int cbSize;
        public int dwFlags;
        public Pointer pvExtraPolicyPara;

        public CERT_CHAIN_POLICY_PARA() {
            cbSize = size();
        }
    }

    /** {@code SSL_EXTRA_CERT_CHAIN_POLICY_PARA} ({@code HTTPSPolicyCallbackData}; {@code cbSize} is in a union). */
    @Structure.FieldOrder({"cbSize", "dwAuthType", "fdwChecks", "pwszServerName"})
    public static final class SSL_EXTRA_CERT_CHAIN_POLICY_PARA extends DeclaredStructure {
        public int cbSize;
        public int dwAuthType;
        public int fdwChecks;
        public WString pwszServerName;

        public SSL_EXTRA_CERT_CHAIN_POLICY_PARA() {
            cbSize = size();
        }
    }

    /** {@code CERT_CHAIN_POLICY_STATUS}. */
    @Structure.FieldOrder({"cbSize", "dwError", "lChainIndex", "lElementIndex", "pvExtraPolicyStatus"})
    public static final class CERT_CHAIN_POLICY_STATUS extends DeclaredStructure {
        public int cbSize;
        public int dwError;
        public int lChainIndex;
        public int lElementIndex;
        public Pointer pvExtraPolicyStatus;

        public CERT_CHAIN_POLICY_STATUS() {
            cbSize = size();
        }
    }

    /** {@code FILETIME}: {@code CertGetCertificateChain}'s {@code pTime}. */
    @Structure.FieldOrder({"dwLowDateTime", "dwHighDateTime"})
    public static final class FILETIME extends DeclaredStructure {
        public int dwLowDateTime;
        public int dwHighDateTime;

        public static FILETIME of(long ticks) {
            FILETIME time = new FILETIME();
            time.dwLowDateTime = (int) ticks;
            time.dwHighDateTime = (int) (ticks >>> 32);
            return time;
        }
    }

    /** {@code CRYPT_DATA_BLOB}: how {@code CertSetCertificateContextProperty} takes the stapled OCSP response. */
    @Structure.FieldOrder({"cbData", "pbData"})
    public static final class CRYPT_DATA_BLOB extends DeclaredStructure {
        public int cbData;
        public Pointer pbData;
    }
}
