package dev.systemtrust.windows;

import java.util.List;

/**
 * The native boundary for OS chain verification: Windows builds the chain ({@code CertGetCertificateChain}, which
 * may fetch a Microsoft root it has not installed yet) and applies the SSL policy
 * ({@code CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL)}). No decision happens behind it.
 */
public interface ChainPolicyEngine {

    /**
     * @param chainDer the server's chain, leaf first, DER
     * @param hostname the server name to check, or {@code null} to skip the name check
     */
    ChainPolicyResult verifyServerChain(List<byte[]> chainDer, String hostname);

    /**
     * @param failedCall  the crypt32 call that failed before a policy verdict, or {@code null}
     * @param lastError   its last error
     * @param policyError {@code CERT_CHAIN_POLICY_STATUS.dwError}: 0 when the chain is trusted for this server
     */
    record ChainPolicyResult(String failedCall, int lastError, int policyError) {
        public static ChainPolicyResult verdict(int policyError) {
            return new ChainPolicyResult(null, 0, policyError);
        }

        public static ChainPolicyResult callFailed(String call, int lastError) {
            return new ChainPolicyResult(call, lastError, 0);
        }
    }
}
