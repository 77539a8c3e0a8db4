package dev.systemtrust.macos.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.macos.ChainEvaluation;
import dev.systemtrust.macos.ChainTrustEvaluator;
import dev.systemtrust.macos.OsStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@link ChainTrustEvaluator} over SecTrust; releases every CF object it creates. Reports what the framework did
 * ({@link ChainEvaluation}); what that means for the handshake is decided by the verifier.
 */
public final class NativeChainEvaluator implements ChainTrustEvaluator {
    private static final CoreFoundation CF = CoreFoundation.INSTANCE;
    private static final SecurityFramework SEC = SecurityFramework.INSTANCE;
    /** Seconds from the Unix epoch to CFAbsoluteTime's reference date, 2001-01-01T00:00:00Z. */
    private static final long ABSOLUTE_TIME_EPOCH = 978_307_200L;

    private final Instant verifyDate;

    /**
     * @throws UnsatisfiedLinkError when Security.framework lacks {@code SecTrustEvaluateWithError} (before macOS
     *                              10.14), so the backend falls back to PKIX once instead of failing every handshake
     */
    public NativeChainEvaluator() {
        this(null);
    }

    private NativeChainEvaluator(Instant verifyDate) {
        SecurityFramework.LIBRARY.getFunction("SecTrustEvaluateWithError");
        this.verifyDate = verifyDate;
    }

    /** For tests against real chains: evaluates as of {@code verifyDate} ({@code SecTrustSetVerifyDate}). */
    static NativeChainEvaluator at(Instant verifyDate) {
        return new NativeChainEvaluator(verifyDate);
    }

    @Override
    public ChainEvaluation evaluate(List<byte[]> chainDer, String hostname, List<byte[]> stapledOcsp) {
        Pointer[] certificates = new Pointer[chainDer.size()];
        Pointer[] responses = new Pointer[stapledOcsp.size()];
        Pointer chain = null;
        Pointer responseArray = null;
        Pointer host = null;
        Pointer policy = null;
        Pointer trust = null;
        Pointer date = null;
        Pointer error = null;
        try {
            for (int i = 0; i < certificates.length; i++) {
                certificates[i] = Cf.certificate(chainDer.get(i));
                if (certificates[i] == null) {
                    return new ChainEvaluation.NullReturned("SecCertificateCreateWithData", i);
                }
            }
            chain = Cf.array(certificates);
            host = hostname == null ? null : Cf.createString(hostname);
            policy = SEC.SecPolicyCreateSSL((byte) 1, host);
            if (policy == null) {
                return new ChainEvaluation.NullReturned("SecPolicyCreateSSL", -1);
            }
            PointerByReference trustOut = new PointerByReference();
            int status = SEC.SecTrustCreateWithCertificates(chain, policy, trustOut);
            trust = trustOut.getValue();
            if (status != OsStatus.SUCCESS) {
                return new ChainEvaluation.StatusReturned("SecTrustCreateWithCertificates", status);
            }
            if (trust == null) {
                return new ChainEvaluation.NullReturned("SecTrustCreateWithCertificates", -1);
            }
            if (responses.length > 0) {
                for (int i = 0; i < responses.length; i++) {
                    responses[i] = Cf.data(stapledOcsp.get(i));
                }
                responseArray = Cf.array(responses);
                // Not fatal when refused: the responses only spare macOS fetching revocation status itself.
                SEC.SecTrustSetOCSPResponse(trust, responseArray);
            }
            if (verifyDate != null) {
                date = CF.CFDateCreate(null, verifyDate.getEpochSecond() - ABSOLUTE_TIME_EPOCH
                        + verifyDate.getNano() / 1e9);
                if (date == null) {
                    return new ChainEvaluation.NullReturned("CFDateCreate", -1);
                }
                status = SEC.SecTrustSetVerifyDate(trust, date);
                if (status != OsStatus.SUCCESS) {
                    return new ChainEvaluation.StatusReturned("SecTrustSetVerifyDate", status);
                }
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
            Cf.release(date);
            Cf.release(trust);
            Cf.release(policy);
            Cf.release(host);
            Cf.release(responseArray);
            for (Pointer response : responses) {
                Cf.release(response);
            }
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
