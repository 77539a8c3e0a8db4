package dev.systemtrust.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;

/** The first load in a fresh JVM (class loading, cold JIT, empty caches): what every application start pays. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(15)
public class FirstLoadBenchmark {

    @Benchmark
    public KeyStore systemTrust() throws Exception {
        return TrustSources.systemTrust();
    }

    @Benchmark
    public KeyStore jdkCacerts() throws Exception {
        return TrustSources.pkcs12(TrustSources.JDK_CACERTS);
    }

    @Benchmark
    public Collection<? extends Certificate> certificateFactoryOverBundle() throws Exception {
        return TrustSources.certificateFactory(TrustSources.DEBIAN_BUNDLE);
    }

    @Benchmark
    public List<KeyStore> ayza() {
        return TrustSources.ayza();
    }
}
