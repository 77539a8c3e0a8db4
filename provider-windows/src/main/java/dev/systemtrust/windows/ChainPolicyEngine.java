package dev.systemtrust.windows;

import java.util.List;
import java.util.Objects;

/**
 * The native boundary for OS chain verification: Windows builds the chain ({@code CertGetCertificateChain}, which
 * may fetch a Microsoft root it has not installed yet) and applies the SSL policy
 * ({@code CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL)}). Only values cross it: the parameters were
 * decided by {@link WindowsChainPolicy}, the answer is read out of Windows' structures unchanged and judged by
 * {@link WindowsServerChainVerifier}.
 */
public interface ChainPolicyEngine {

    ChainPolicyResult verifyServerChain(ChainRequest request);

    /**
     * @param chainDer        the server's chain, leaf first, DER
     * @param hostname        the server name to check, or {@code null} to skip the name check
     * @param stapledOcsp     the DER OCSP response the server stapled for the leaf, or {@code null}: set as the
     *                        leaf's {@code CERT_OCSP_RESPONSE_PROP_ID} before the chain is built
     * @param parameters      what to ask Windows
     * @param verificationTime the {@code FILETIME} to verify at ({@code pTime}), or {@code null} for now
     */
    record ChainRequest(List<byte[]> chainDer, String hostname, byte[] stapledOcsp, ChainParameters parameters,
            Long verificationTime) {
        public ChainRequest {
            chainDer = List.copyOf(chainDer);
            if (chainDer.isEmpty()) {
                throw new IllegalArgumentException("empty chain");
            }
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /**
     * {@code CERT_CHAIN_PARA} and {@code CertGetCertificateChain}/{@code CertVerifyCertificateChainPolicy} values.
     *
     * @param usageMatchType            {@code RequestedUsage.dwType}
     * @param usageIdentifiers          {@code RequestedUsage.Usage}
     * @param chainFlags                {@code CertGetCertificateChain}'s {@code dwFlags}
     * @param urlRetrievalTimeoutMillis {@code CERT_CHAIN_PARA.dwUrlRetrievalTimeout}
     * @param policyFlags               {@code CERT_CHAIN_POLICY_PARA.dwFlags}
     * @param authType                  {@code SSL_EXTRA_CERT_CHAIN_POLICY_PARA.dwAuthType}
     */
    record ChainParameters(int usageMatchType, List<String> usageIdentifiers, int chainFlags,
            int urlRetrievalTimeoutMillis, int policyFlags, int authType) {
        public ChainParameters {
            usageIdentifiers = List.copyOf(usageIdentifiers);
        }
    }

    /**
     * What Windows answered.
     *
     * @param failedCall    the crypt32 call that failed before a policy verdict, or {@code null}
     * @param lastError     its last error
     * @param policyError   {@code CERT_CHAIN_POLICY_STATUS.dwError}: 0 when the chain is trusted for this server
     * @param chainIndex    {@code lChainIndex} of the policy status (-1: none)
     * @param elementIndex  {@code lElementIndex} of the policy status (-1: none)
     * @param trustErrors   {@code CERT_CHAIN_CONTEXT.TrustStatus.dwErrorStatus}
     * @param elements      the first simple chain Windows built, leaf first
     * @param stapleError   the last error of {@code CertSetCertificateContextProperty} for the stapled response,
     *                      0 when it was set or none was given
     */
    record ChainPolicyResult(String failedCall, int lastError, int policyError, int chainIndex, int elementIndex,
            int trustErrors, List<ChainElement> elements, int stapleError) {
        public ChainPolicyResult {
            elements = List.copyOf(elements);
        }

        public static ChainPolicyResult verdict(int policyError) {
            return new ChainPolicyResult(null, 0, policyError, -1, -1, 0, List.of(), 0);
        }

        public static ChainPolicyResult callFailed(String call, int lastError) {
            return new ChainPolicyResult(call, lastError, 0, -1, -1, 0, List.of(), 0);
        }
    }

    /**
     * One {@code CERT_CHAIN_ELEMENT}.
     *
     * @param der               its certificate
     * @param trustErrors       {@code TrustStatus.dwErrorStatus}
     * @param extendedErrorInfo {@code pwszExtendedErrorInfo}, or {@code null}
     */
    record ChainElement(byte[] der, int trustErrors, String extendedErrorInfo) {
    }
}
