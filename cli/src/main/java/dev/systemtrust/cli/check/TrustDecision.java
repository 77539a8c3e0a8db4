package dev.systemtrust.cli.check;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509TrustManager;

/**
 * One trust manager's answer for the served chain, asked as a TLS client asks, without the host name (judged
 * separately): {@code checkServerTrusted(chain, authType)}. The JDK's algorithm constraints apply as in a handshake.
 *
 * @param accepted whether the trust manager accepted the chain
 * @param message  its message when it refused (or why it could not be asked); empty when accepted
 * @param reason   the typed reason of a path validation failure, when the trust manager gave one
 */
record TrustDecision(boolean accepted, String message, Optional<CertPathValidatorException.Reason> reason) {

    static TrustDecision of(X509TrustManager trustManager, List<X509Certificate> chain, String authType) {
        try {
            trustManager.checkServerTrusted(chain.toArray(X509Certificate[]::new), authType);
            return new TrustDecision(true, "", Optional.empty());
        } catch (CertificateException | RuntimeException e) {
            return refused(e);
        }
    }

    static TrustDecision unavailable(String why) {
        return new TrustDecision(false, why, Optional.empty());
    }

    static TrustDecision refused(Throwable failure) {
        return new TrustDecision(false, String.valueOf(failure.getMessage()), reasonOf(failure));
    }

    /** The first {@link CertPathValidatorException} reason in the cause chain. */
    static Optional<CertPathValidatorException.Reason> reasonOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathValidatorException invalid
                    && invalid.getReason() != CertPathValidatorException.BasicReason.UNSPECIFIED) {
                return Optional.of(invalid.getReason());
            }
        }
        return Optional.empty();
    }
}
