/** A tiny modular application: HTTPS through SystemTrust, on the module path or in a jlinked image. */
module systemtrust.it.app {
    requires dev.systemtrust;
}
