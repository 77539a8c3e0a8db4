/**
 * The macOS backend of SystemTrust: trust settings and system roots through Security.framework, called with JNA
 * (the automatic module {@code com.sun.jna}).
 */
@SuppressWarnings("requires-automatic") // JNA publishes no module descriptor, only a module name
module dev.systemtrust.macos {
    requires dev.systemtrust;
    requires com.sun.jna;

    // The provider instantiates MacosBackend by class name.
    exports dev.systemtrust.macos to dev.systemtrust;
    // JNA reads and writes Structure fields and implements the Library interfaces reflectively.
    opens dev.systemtrust.macos.jna to com.sun.jna;

    provides dev.systemtrust.spi.TrustStoreBackend with dev.systemtrust.macos.MacosBackend;
}
