package dev.systemtrust.macos;

import dev.systemtrust.macos.jna.NativeChainEvaluator;
import dev.systemtrust.macos.jna.NativeTrustSettingsSource;

/**
 * The only door from the backend to the JNA classes. The backend refers to these methods, never to the JNA
 * classes, so constructing the backend or calling {@code supports} on any OS loads no JNA class and no native
 * library; the first call below does.
 */
final class NativeAccess {

    private NativeAccess() {
    }

    static TrustSettingsSource trustSettingsSource() {
        return new NativeTrustSettingsSource();
    }

    static ChainTrustEvaluator chainEvaluator() {
        return new NativeChainEvaluator();
    }
}
