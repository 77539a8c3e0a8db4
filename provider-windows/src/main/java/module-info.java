/**
 * The Windows backend of SystemTrust: certificate stores and chain policy through crypt32, called with JNA (the
 * automatic module {@code com.sun.jna}).
 */
@SuppressWarnings("requires-automatic") // JNA publishes no module descriptor, only a module name
module dev.systemtrust.windows {
    requires dev.systemtrust;
    requires com.sun.jna;

    // The provider instantiates WindowsBackend by class name.
    exports dev.systemtrust.windows to dev.systemtrust;
    // JNA reads and writes Structure fields and implements the Library interfaces reflectively.
    opens dev.systemtrust.windows.jna to com.sun.jna;

    provides dev.systemtrust.spi.TrustStoreBackend with dev.systemtrust.windows.WindowsBackend;
}
