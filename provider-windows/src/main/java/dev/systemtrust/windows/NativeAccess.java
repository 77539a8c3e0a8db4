package dev.systemtrust.windows;

/**
 * The only door from the backend to the JNA classes: constructing the backend or calling {@code supports} on any
 * OS loads no JNA class and no native library; the first call below does, on a JVM {@link Crypt32Abi} accepts.
 */
final class NativeAccess {

    private NativeAccess() {
    }

    static CertificateStores certificateStores() {
        return certificateStores(System.getProperty("os.arch"), System.getProperty("sun.arch.data.model"));
    }

    static ChainPolicyEngine chainPolicyEngine() {
        return chainPolicyEngine(System.getProperty("os.arch"), System.getProperty("sun.arch.data.model"));
    }

    static CertificateStores certificateStores(String osArch, String dataModel) {
        Crypt32Abi.requireSupported(osArch, dataModel);
        return new dev.systemtrust.windows.jna.NativeCertificateStores();
    }

    static ChainPolicyEngine chainPolicyEngine(String osArch, String dataModel) {
        Crypt32Abi.requireSupported(osArch, dataModel);
        return new dev.systemtrust.windows.jna.NativeChainPolicyEngine();
    }
}
