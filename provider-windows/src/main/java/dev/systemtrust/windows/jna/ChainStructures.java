package dev.systemtrust.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;

/** The crypt32 structures chain verification passes, field for field. */
public final class ChainStructures {
    private ChainStructures() {
    }

    /** {@code CERT_CHAIN_PARA} with {@code CERT_USAGE_MATCH RequestedUsage} inlined. */
    @Structure.FieldOrder({"cbSize", "dwType", "cUsageIdentifier", "rgpszUsageIdentifier"})
    public static final class ChainPara extends Structure {
        public int cbSize;
        public int dwType;
        public int cUsageIdentifier;
        public Pointer rgpszUsageIdentifier;

        public ChainPara() {
            cbSize = size();
        }
    }

    /** {@code SSL_EXTRA_CERT_CHAIN_POLICY_PARA}. */
    @Structure.FieldOrder({"cbSize", "dwAuthType", "fdwChecks", "pwszServerName"})
    public static final class SslPolicyPara extends Structure {
        public static final int AUTHTYPE_SERVER = 2;
        public int cbSize;
        public int dwAuthType;
        public int fdwChecks;
        public WString pwszServerName;

        public SslPolicyPara() {
            cbSize = size();
        }
    }

    /** {@code CERT_CHAIN_POLICY_PARA}. */
    @Structure.FieldOrder({"cbSize", "dwFlags", "pvExtraPolicyPara"})
    public static final class PolicyPara extends Structure {
        public int cbSize;
        public int dwFlags;
        public Pointer pvExtraPolicyPara;

        public PolicyPara() {
            cbSize = size();
        }
    }

    /** {@code CERT_CHAIN_POLICY_STATUS}. */
    @Structure.FieldOrder({"cbSize", "dwError", "lChainIndex", "lElementIndex", "pvExtraPolicyStatus"})
    public static final class PolicyStatus extends Structure {
        public int cbSize;
        public int dwError;
        public int lChainIndex;
        public int lElementIndex;
        public Pointer pvExtraPolicyStatus;

        public PolicyStatus() {
            cbSize = size();
        }
    }
}
