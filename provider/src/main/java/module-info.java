/**
 * SystemTrust: the operating system's certificate trust store as the JCA {@code KeyStore} and
 * {@code TrustManagerFactory} named "SystemTrust".
 *
 * <p>On the module path the JDK finds the provider through {@code provides java.security.Provider}, and the
 * provider finds the backend for the OS through {@code uses dev.systemtrust.spi.TrustStoreBackend}: putting a
 * backend module ({@code dev.systemtrust.linux}, {@code dev.systemtrust.macos}, {@code dev.systemtrust.windows})
 * on the module path is enough, no {@code requires} is needed.
 */
module dev.systemtrust {
    exports dev.systemtrust;
    exports dev.systemtrust.spi;
    // The Provider names its TrustManagerFactory by class name, and java.base instantiates it reflectively:
    // the package must be accessible to java.base, and to nobody else.
    exports dev.systemtrust.tls to java.base;

    uses dev.systemtrust.spi.TrustStoreBackend;

    provides java.security.Provider with dev.systemtrust.SystemTrustProvider;
}
