/**
 * The Linux backend of SystemTrust: CA bundles and certificate directories as OpenSSL reads them, in pure Java.
 */
module dev.systemtrust.linux {
    // Its public classes implement the SPI: users of this module see the SPI types.
    requires transitive dev.systemtrust;
    requires org.bouncycastle.provider;

    // LinuxTrustBackend and LinuxTrustLocations: the backend's own API (explicit locations, for tests); the
    // provider also instantiates LinuxTrustBackend by class name.
    exports dev.systemtrust.linux;

    provides dev.systemtrust.spi.TrustStoreBackend with dev.systemtrust.linux.LinuxTrustBackend;
}
