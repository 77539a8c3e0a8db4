package dev.systemtrust;

import java.security.Provider;

/**
 * The SystemTrust JCA provider: {@code KeyStore.getInstance("SystemTrust")} is the operating system's
 * certificate trust store, read-only.
 *
 * <p>Construction does no I/O; the store is read on {@code KeyStore.load}.
 */
public final class SystemTrustProvider extends Provider {
    private static final long serialVersionUID = 1L;

    public static final String NAME = "SystemTrust";
    public static final String KEYSTORE_TYPE = "SystemTrust";
    public static final String TRUST_MANAGER_FACTORY_ALGORITHM = "SystemTrust";

    public SystemTrustProvider() {
        super(NAME, "0.1", "SystemTrust: the operating system's certificate trust store as a read-only KeyStore");
        putService(new Service(this, "KeyStore", KEYSTORE_TYPE, SystemTrustKeyStoreSpi.class.getName(), null, null));
        putService(new Service(this, "TrustManagerFactory", TRUST_MANAGER_FACTORY_ALGORITHM,
                "dev.systemtrust.tls.SystemTrustManagerFactorySpi", null, null));
    }
}
