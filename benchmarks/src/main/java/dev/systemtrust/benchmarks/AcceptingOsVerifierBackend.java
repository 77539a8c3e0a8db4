package dev.systemtrust.benchmarks;

import dev.systemtrust.linux.LinuxTrustBackend;
import dev.systemtrust.spi.ServerChainVerifier;
import dev.systemtrust.spi.TrustStoreBackend;
import dev.systemtrust.spi.TrustStoreException;
import dev.systemtrust.spi.TrustStoreReport;
import java.util.Optional;

/**
 * The Linux store with an OS verifier that accepts every chain, chosen with {@code -Dsystemtrust.backend=
 * bench-os-verifier}: measures what the OS-verifying trust manager adds around a verifier (the JDK's checks
 * anchored at the chain's top, the store's distrust), since no OS verifier runs on Linux.
 */
public final class AcceptingOsVerifierBackend implements TrustStoreBackend {
    static final String ID = "bench-os-verifier";
    private final LinuxTrustBackend linux = new LinuxTrustBackend();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(String osName) {
        return false;
    }

    @Override
    public TrustStoreReport read() throws TrustStoreException {
        return linux.read();
    }

    @Override
    public Object inputState() {
        return linux.inputState();
    }

    @Override
    public String remedyWhenEmpty() {
        return linux.remedyWhenEmpty();
    }

    @Override
    public Optional<ServerChainVerifier> serverChainVerifier() {
        return Optional.of((chain, authType, hostname) -> { });
    }
}
