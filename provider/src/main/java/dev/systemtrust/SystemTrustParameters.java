package dev.systemtrust;

import java.util.Objects;
import javax.net.ssl.ManagerFactoryParameters;

/**
 * {@code TrustManagerFactory.getInstance("SystemTrust").init(new SystemTrustParameters(Verification.OS))}: the OS
 * store, verified as chosen here rather than as {@code -Dsystemtrust.verify} says.
 *
 * @param verification who judges server chains
 */
public record SystemTrustParameters(Verification verification) implements ManagerFactoryParameters {
    public SystemTrustParameters {
        Objects.requireNonNull(verification, "verification");
    }
}
