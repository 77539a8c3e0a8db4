package dev.systemtrust.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.windows.ChainPolicyEngine.ChainParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsChainPolicyTest {

    @Test
    void serverAuthOrServerGatedCryptoWithBoundedEndCertificateRevocationAndUnknownRevocationTolerated() {
        ChainParameters parameters = WindowsChainPolicy.forTimeout(WindowsChainPolicy.DEFAULT_TIMEOUT_MILLIS);

        assertThat(parameters.usageMatchType()).isEqualTo(WincryptConstants.USAGE_MATCH_TYPE_OR);
        assertThat(parameters.usageIdentifiers()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.4.1.311.10.3.3",
                "2.16.840.1.113730.4.1");
        assertThat(parameters.chainFlags()).isEqualTo(WincryptConstants.CERT_CHAIN_REVOCATION_CHECK_END_CERT
                | WincryptConstants.CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT
                | WincryptConstants.CERT_CHAIN_CACHE_END_CERT);
        assertThat(parameters.urlRetrievalTimeoutMillis()).isEqualTo(3000);
        assertThat(parameters.policyFlags()).isEqualTo(WincryptConstants.CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS);
        assertThat(parameters.authType()).isEqualTo(WincryptConstants.AUTHTYPE_SERVER);
    }

    @Test
    void zeroMeansNoNetworkForRevocation() {
        ChainParameters parameters = WindowsChainPolicy.forTimeout(0);

        assertThat(parameters.chainFlags()).isEqualTo(WincryptConstants.CERT_CHAIN_REVOCATION_CHECK_END_CERT
                | WincryptConstants.CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY | WincryptConstants.CERT_CHAIN_CACHE_END_CERT);
    }

    @Test
    void theTimeoutPropertyIsReadStrictly() {
        assertThat(WindowsChainPolicy.timeoutMillis(null)).isEqualTo(3000);
        assertThat(WindowsChainPolicy.timeoutMillis(" 1500 ")).isEqualTo(1500);
        assertThat(WindowsChainPolicy.timeoutMillis("0")).isZero();
        for (String bad : List.of("-1", "3s", "99999999999")) {
            assertThatThrownBy(() -> WindowsChainPolicy.timeoutMillis(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-Dsystemtrust.windows.revocationTimeoutMillis=" + bad);
        }
    }
}
