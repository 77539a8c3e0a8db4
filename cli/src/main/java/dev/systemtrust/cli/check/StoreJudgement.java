package dev.systemtrust.cli.check;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One store's judgement of the served chain: its trust manager's decision, and the path explained against its
 * certificates (absent, with the reason, when the store could not be listed).
 *
 * @param store           what was consulted, in words
 * @param decision        the trust manager's answer: the verdict
 * @param view            the store's certificates, for explanation
 * @param path            the path explained against them
 * @param pathUnavailable why there is no path explanation; empty when there is one
 */
record StoreJudgement(String store, TrustDecision decision, Optional<TrustView> view,
        Optional<IssuerWalk.WalkedPath> path, String pathUnavailable) {

    static StoreJudgement explained(String store, TrustDecision decision, TrustView view,
            List<X509Certificate> chain) {
        return new StoreJudgement(store, decision, Optional.of(view), Optional.of(IssuerWalk.walk(chain, view)), "");
    }

    static StoreJudgement unexplained(String store, TrustDecision decision, String why) {
        return new StoreJudgement(store, decision, Optional.empty(), Optional.empty(), why);
    }

    /**
     * Why the JDK's PKIX validator refuses the explained path, when it ends at an anchor: this names the failing
     * check (expiry, a disabled algorithm) even where the trust manager only said that path building failed.
     */
    Optional<CertPathValidatorException> validatorRefusal() {
        if (path.isEmpty() || path.get().anchor().isEmpty()) {
            return Optional.empty();
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509")
                    .generateCertPath(path.get().certificatesBelowAnchor());
            PKIXParameters parameters = new PKIXParameters(Set.of(
                    new TrustAnchor(path.get().anchor().get().certificate(), null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of(e);
        } catch (GeneralSecurityException e) {
            return Optional.of(new CertPathValidatorException("cannot validate the path: " + e, e));
        }
    }
}
