package dev.systemtrust.windows;

import static dev.systemtrust.windows.WincryptConstants.AUTHTYPE_SERVER;
import static dev.systemtrust.windows.WincryptConstants.CERT_CHAIN_CACHE_END_CERT;
import static dev.systemtrust.windows.WincryptConstants.CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS;
import static dev.systemtrust.windows.WincryptConstants.CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT;
import static dev.systemtrust.windows.WincryptConstants.CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY;
import static dev.systemtrust.windows.WincryptConstants.CERT_CHAIN_REVOCATION_CHECK_END_CERT;
import static dev.systemtrust.windows.WincryptConstants.USAGE_MATCH_TYPE_OR;

import dev.systemtrust.windows.ChainPolicyEngine.ChainParameters;
import java.util.List;

/**
 * What SystemTrust asks Windows when it verifies a TLS server's chain, decided against two references:
 * <ul>
 * <li>usage: serverAuth OR either Server Gated Crypto identifier ({@code USAGE_MATCH_TYPE_OR}), as Go's
 * {@code crypto/x509} and Chromium ask (some deployed chains carry only SGC; the JDK accepts SGC too);</li>
 * <li>revocation: the leaf only ({@code CERT_CHAIN_REVOCATION_CHECK_END_CERT}, with the end certificate cached
 * between handshakes), as rustls-platform-verifier does, but with the URL retrievals of one verification bounded
 * together ({@code CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT}) by a short {@code dwUrlRetrievalTimeout}
 * ({@value #DEFAULT_TIMEOUT_MILLIS} ms; Windows' defaults are 15 s per URL and 20 s in total, which stalled
 * handshakes on machines without a route to the responders); and "revocation unknown" or "responder offline"
 * never fails a handshake ({@code CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS}). A leaf Windows knows to be
 * revoked (from a stapled or cached response, or a CRL) is refused.</li>
 * </ul>
 * {@code -Dsystemtrust.windows.revocationTimeoutMillis=N} changes the bound; 0 means no network for revocation at
 * all ({@code CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY}: stapled and cached responses only).
 */
final class WindowsChainPolicy {
    static final String TIMEOUT_PROPERTY = "systemtrust.windows.revocationTimeoutMillis";
    static final int DEFAULT_TIMEOUT_MILLIS = 3000;
    static final List<String> SERVER_USAGES = List.of(WincryptConstants.szOID_PKIX_KP_SERVER_AUTH,
            WincryptConstants.szOID_SERVER_GATED_CRYPTO, WincryptConstants.szOID_SGC_NETSCAPE);

    private WindowsChainPolicy() {
    }

    /** The parameters for the timeout set by {@link #TIMEOUT_PROPERTY}, or the default. */
    static ChainParameters fromSystemProperties() {
        return forTimeout(timeoutMillis(System.getProperty(TIMEOUT_PROPERTY)));
    }

    static int timeoutMillis(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_TIMEOUT_MILLIS;
        }
        try {
            int value = Integer.parseInt(property.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + TIMEOUT_PROPERTY + "=" + property
                + " is not a number of milliseconds (0 or more)");
    }

    static ChainParameters forTimeout(int timeoutMillis) {
        int revocation = timeoutMillis == 0
                ? CERT_CHAIN_REVOCATION_CHECK_END_CERT | CERT_CHAIN_REVOCATION_CHECK_CACHE_ONLY
                : CERT_CHAIN_REVOCATION_CHECK_END_CERT | CERT_CHAIN_REVOCATION_ACCUMULATIVE_TIMEOUT;
        return new ChainParameters(USAGE_MATCH_TYPE_OR, SERVER_USAGES, revocation | CERT_CHAIN_CACHE_END_CERT,
                timeoutMillis, CERT_CHAIN_POLICY_IGNORE_ALL_REV_UNKNOWN_FLAGS, AUTHTYPE_SERVER);
    }
}
