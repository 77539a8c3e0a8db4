package dev.systemtrust.tls;

import dev.systemtrust.TrustStoreReader;
import dev.systemtrust.spi.ServerChainVerifier;
import java.io.IOException;
import java.util.Optional;

/** The selected backend's own chain verifier, if it has one. */
final class OsChainVerification {
    private OsChainVerification() {
    }

    static Optional<ServerChainVerifier> forThisOs() throws IOException {
        return TrustStoreReader.selectedBackend().serverChainVerifier();
    }
}
