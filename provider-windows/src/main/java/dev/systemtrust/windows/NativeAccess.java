package dev.systemtrust.windows;

/**
 * The only door from the backend to the JNA classes: constructing the backend or calling {@code supports} on any
 * OS loads no JNA class and no native library; the first call below does.
 */
final class NativeAccess {

    private NativeAccess() {
    }

    static CertificateStores certificateStores() {
        return new dev.systemtrust.windows.jna.NativeCertificateStores();
    }

    static ChainPolicyEngine chainPolicyEngine() {
        return new dev.systemtrust.windows.jna.NativeChainPolicyEngine();
    }
}
