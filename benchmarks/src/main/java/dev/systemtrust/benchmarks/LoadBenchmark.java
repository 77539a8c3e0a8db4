package dev.systemtrust.benchmarks;

import dev.systemtrust.TrustStoreReader;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Loads in a warm JVM: what a server that builds SSLContexts repeatedly pays. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LoadBenchmark {

    /** The OS store unchanged since the last load: the cached read. */
    @Benchmark
    public KeyStore systemTrustRepeatedLoad() throws Exception {
        return TrustSources.systemTrust();
    }

    /**
     * The same, but every file the last read used is checked again on every load
     * ({@code -Dsystemtrust.cache.fileCheckSeconds=0}): what checking them at most every 2 seconds saves.
     */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = "-Dsystemtrust.cache.fileCheckSeconds=0")
    public KeyStore systemTrustRepeatedLoadCheckingEveryFile() throws Exception {
        return TrustSources.systemTrust();
    }

    /** Every file read and parsed again (cache dropped first). */
    @Benchmark
    public KeyStore systemTrustUncachedLoad() throws Exception {
        TrustStoreReader.invalidateCache();
        return TrustSources.systemTrust();
    }

    @Benchmark
    public KeyStore jdkCacertsLoad() throws Exception {
        return TrustSources.pkcs12(TrustSources.JDK_CACERTS);
    }

    @Benchmark
    public Collection<? extends Certificate> certificateFactoryOverBundle() throws Exception {
        return TrustSources.certificateFactory(TrustSources.DEBIAN_BUNDLE);
    }

    @Benchmark
    public List<KeyStore> ayzaLoadSystemKeyStores() {
        return TrustSources.ayza();
    }
}
