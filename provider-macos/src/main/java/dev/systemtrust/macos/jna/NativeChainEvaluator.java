package dev.systemtrust.macos.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.macos.ChainEvaluation;
import dev.systemtrust.macos.ChainTrustEvaluator;
import dev.systemtrust.macos.OsStatus;
import java.util.List;

/** {@link ChainTrustEvaluator} over SecTrust; releases every CF object it creates. */
public final class NativeChainEvaluator implements ChainTrustEvaluator {
    private static final CoreFoundation CF = CoreFoundation.INSTANCE;
    private static final SecurityFramework SEC = SecurityFramework.INSTANCE;

    @Override
    public ChainEvaluation evaluate(List<byte[]> chainDer, String hostname) {
        Pointer[] certificates = new Pointer[chainDer.size()];
        Pointer chain = null;
        Pointer host = null;
        Pointer policy = null;
        Pointer trust = null;
        Pointer error = null;
        try {
            for (int i = 0; i < certificates.length; i++) {
                certificates[i] = Cf.certificate(chainDer.get(i));
                if (certificates[i] == null) {
                    return ChainEvaluation.rejected(OsStatus.PARAM,
                            "Security.framework cannot parse certificate #" + i + " of the chain");
                }
            }
            chain = Cf.array(certificates);
            host = hostname == null ? null : Cf.createString(hostname);
            policy = SEC.SecPolicyCreateSSL((byte) 1, host);
            if (policy == null) {
                return ChainEvaluation.rejected(OsStatus.PARAM, "SecPolicyCreateSSL returned NULL");
            }
            PointerByReference trustOut = new PointerByReference();
            int status = SEC.SecTrustCreateWithCertificates(chain, policy, trustOut);
            trust = trustOut.getValue();
            if (status != OsStatus.SUCCESS || trust == null) {
                return ChainEvaluation.rejected(status, "SecTrustCreateWithCertificates failed: "
                        + OsStatus.describe(status));
            }
            PointerByReference errorOut = new PointerByReference();
            boolean trusted = SEC.SecTrustEvaluateWithError(trust, errorOut) != 0;
            error = errorOut.getValue();
            if (trusted) {
                return ChainEvaluation.trustedChain();
            }
            return ChainEvaluation.rejected(error == null ? 0 : CF.CFErrorGetCode(error), description(error));
        } finally {
            Cf.release(error);
            Cf.release(trust);
            Cf.release(policy);
            Cf.release(host);
            Cf.release(chain);
            for (Pointer certificate : certificates) {
                Cf.release(certificate);
            }
        }
    }

    private static String description(Pointer error) {
        if (error == null) {
            return null;
        }
        Pointer description = CF.CFErrorCopyDescription(error);
        try {
            return Cf.string(description);
        } finally {
            Cf.release(description);
        }
    }
}
