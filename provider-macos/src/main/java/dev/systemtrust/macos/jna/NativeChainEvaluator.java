package dev.systemtrust.macos.jna;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.macos.ChainEvaluation;
import dev.systemtrust.macos.ChainTrustEvaluator;
import dev.systemtrust.macos.OsStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ChainTrustEvaluator} over SecTrust; releases every CF object it creates or copies. Reports what the
 * framework did ({@link ChainEvaluation}), for a trusted chain with the chain macOS evaluated, copied out before the
 * SecTrust is released; what that means for the handshake is decided by the verifier.
 */
public final class NativeChainEvaluator implements ChainTrustEvaluator {
    private static final CoreFoundation CF = CoreFoundation.INSTANCE;
    private static final SecurityFramework SEC = SecurityFramework.INSTANCE;
    /** Seconds from the Unix epoch to CFAbsoluteTime's reference date, 2001-01-01T00:00:00Z. */
    private static final long ABSOLUTE_TIME_EPOCH = 978_307_200L;
    /** More certificates than any chain macOS builds: a larger count is a broken library, not a chain to copy. */
    private static final long MAX_CHAIN = 64;

    private final Instant verifyDate;
    /** {@code SecTrustCopyCertificateChain} exists (macOS 12+); before, the chain is read certificate by index. */
    private final boolean copiesChain;

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
        this.copiesChain = exports("SecTrustCopyCertificateChain");
    }

    private static boolean exports(String function) {
        try {
            SecurityFramework.LIBRARY.getFunction(function);
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
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
                return copiesChain ? copiedChain(trust) : chainByIndex(trust);
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

    /** The evaluated chain through {@code SecTrustCopyCertificateChain}, whose array is released here. */
    private static ChainEvaluation copiedChain(Pointer trust) {
        Pointer array = SEC.SecTrustCopyCertificateChain(trust);
        if (array == null) {
            return new ChainEvaluation.NullReturned("SecTrustCopyCertificateChain", -1);
        }
        try {
            long count = CF.CFArrayGetCount(array);
            if (count < 1 || count > MAX_CHAIN) {
                return new ChainEvaluation.CountReturned("CFArrayGetCount", count);
            }
            List<byte[]> chain = new ArrayList<>((int) count);
            for (int i = 0; i < count; i++) {
                byte[] der = Cf.certificateBytes(CF.CFArrayGetValueAtIndex(array, i)); // borrowed: not released
                if (der == null) {
                    return new ChainEvaluation.NullReturned("SecCertificateCopyData", i);
                }
                chain.add(der);
            }
            return ChainEvaluation.trusted(chain);
        } finally {
            Cf.release(array);
        }
    }

    /** The evaluated chain certificate by index, as macOS before 12 offers it; the certificates are borrowed. */
    private static ChainEvaluation chainByIndex(Pointer trust) {
        long count = SEC.SecTrustGetCertificateCount(trust);
        if (count < 1 || count > MAX_CHAIN) {
            return new ChainEvaluation.CountReturned("SecTrustGetCertificateCount", count);
        }
        List<byte[]> chain = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            Pointer certificate = SEC.SecTrustGetCertificateAtIndex(trust, i);
            if (certificate == null) {
                return new ChainEvaluation.NullReturned("SecTrustGetCertificateAtIndex", i);
            }
            byte[] der = Cf.certificateBytes(certificate);
            if (der == null) {
                return new ChainEvaluation.NullReturned("SecCertificateCopyData", i);
            }
            chain.add(der);
        }
        return ChainEvaluation.trusted(chain);
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
