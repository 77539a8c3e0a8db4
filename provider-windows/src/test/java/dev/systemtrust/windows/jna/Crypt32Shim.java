package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.systemtrust.windows.StoreLocation;
import dev.systemtrust.windows.StoreProvider;
import dev.systemtrust.windows.WincryptConstants;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code src/test/c/crypt32_shim.c}, compiled with the machine's gcc into a Linux shared library that the real JNA
 * layer loads in place of crypt32.dll, plus the control functions the tests use to fill it and read its findings.
 * One build per variant and JVM; {@link #reset()} before each test.
 */
final class Crypt32Shim {
    static final Path SOURCE = Path.of("src", "test", "c", "crypt32_shim.c").toAbsolutePath();
    static final int STORES = 1;
    static final int CONTEXTS = 2;
    static final int CHAINS = 3;

    /** The shim's control functions (not part of crypt32). */
    interface Control extends Library {
        void shim_reset();

        int shim_certificate(byte[] der, int length);

        void shim_store(int provider, int location, String name);

        void shim_store_open_error(int provider, int location, String name, int error);

        void shim_store_enumeration_error(int provider, int location, String name, int after, int error);

        int shim_store_add(int provider, int location, String name, int certificate);

        /** {@code source}: CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG or CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG. */
        void shim_entry_usage(int entry, int source, int mode, String usages, int error);

        /** Nonzero: a successful CertGetEnhancedKeyUsage leaves a stale CRYPT_E_NOT_FOUND as the last error. */
        void shim_stale_last_error(int on);

        /** Nonzero: CertGetEnhancedKeyUsage points its first identifier at a valid string outside the buffer. */
        void shim_identifier_outside_buffer(int on);

        int shim_calls(String function);

        void shim_entry_property(int entry, int id, byte[] value, int length, int error);

        void shim_fail(String function, int error);

        void shim_chain_verdict(int trustErrors, int policyError, int chainIndex, int elementIndex, int root);

        /**
         * Appends a certificate to the path the next chains are built along, after the leaf: what Windows finds in
         * its own stores or downloads, whatever else the server sent.
         */
        void shim_chain_path(int certificate);

        void shim_set_call_hook(CallHook hook);

        String shim_violations();

        int shim_violation_count();

        int shim_live(int kind);

        int shim_issued(int kind);

        String shim_last_chain_call();

        String shim_last_policy_call();

        int shim_layout_count();

        String shim_layout_name(int index);

        long shim_layout_value(int index);
    }

    /** Run by the shim at the start of each call that reads caller memory through pointers, with its name. */
    interface CallHook extends Callback {
        void invoke(String function);
    }

    /** How the shim's CertGetEnhancedKeyUsage answers for one source (as crypt32's usage modes in the shim). */
    private static final int LISTED = 1;
    private static final int ERROR = 3;

    private static final Map<String, Crypt32Shim> BUILT = new HashMap<>();

    final Path library;
    final Control control;
    final Crypt32 crypt32;

    private Crypt32Shim(Path library) {
        this.library = library;
        this.control = Native.load(library.toString(), Control.class);
        this.crypt32 = Crypt32.load(library.toString());
    }

    /** The complete shim. */
    static Crypt32Shim load() {
        return variant(null);
    }

    /** The shim without one crypt32 function: a missing symbol, as an old or broken crypt32 would have. */
    static synchronized Crypt32Shim variant(String omittedFunction) {
        String name = omittedFunction == null ? "crypt32shim" : "crypt32shim-without-" + omittedFunction;
        return BUILT.computeIfAbsent(name, key -> {
            Path gcc = NativeToolchain.require(NativeToolchain.GCC);
            Path output = NativeToolchain.OUTPUT.resolve("lib" + key + ".so");
            NativeToolchain.run(NativeToolchain.command(gcc, "-shared", "-fPIC", "-O1", "-g", "-Wall", "-Wextra",
                    "-Werror", "-Wno-unused-function", "-std=gnu11",
                    omittedFunction == null ? "-DSHIM_FULL" : "-DSHIM_OMIT_" + omittedFunction,
                    "-o", output, SOURCE));
            return new Crypt32Shim(output);
        });
    }

    Crypt32Shim reset() {
        control.shim_reset();
        return this;
    }

    int certificate(X509Certificate certificate) {
        byte[] der = der(certificate);
        int id = control.shim_certificate(der, der.length);
        assertThat(id).as("shim certificate slots").isNotNegative();
        return id;
    }

    /** Adds a certificate to a system store; returns its entry handle. */
    int add(StoreProvider provider, StoreLocation location, String store, X509Certificate certificate) {
        int entry = control.shim_store_add(provider.constant(), location.flag(), store, certificate(certificate));
        assertThat(entry).as("shim store entries").isNotNegative();
        return entry;
    }

    /** The certificate's EKU extension lists these space-separated identifiers (none: no use). */
    Crypt32Shim extensionUsage(int entry, String identifiers) {
        control.shim_entry_usage(entry, WincryptConstants.CERT_FIND_EXT_ONLY_ENHKEY_USAGE_FLAG, LISTED, identifiers,
                0);
        return this;
    }

    /** The store's EKU property on the entry lists these space-separated identifiers (none: no use). */
    Crypt32Shim propertyUsage(int entry, String identifiers) {
        control.shim_entry_usage(entry, WincryptConstants.CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG, LISTED, identifiers,
                0);
        return this;
    }

    /** Asking the store's EKU property on the entry fails with this error. */
    Crypt32Shim propertyUsageError(int entry, int error) {
        control.shim_entry_usage(entry, WincryptConstants.CERT_FIND_PROP_ONLY_ENHKEY_USAGE_FLAG, ERROR, "", error);
        return this;
    }

    Crypt32Shim property(int entry, int id, byte[] value) {
        control.shim_entry_property(entry, id, value, value.length, 0);
        return this;
    }

    Crypt32Shim propertyError(int entry, int id, int error) {
        control.shim_entry_property(entry, id, new byte[1], 0, error);
        return this;
    }

    /** No violation recorded, and every store, context and chain handed out was freed exactly once. */
    void assertClean() {
        assertThat(control.shim_violations()).as("argument violations the shim recorded").isEmpty();
        assertThat(control.shim_live(STORES)).as("stores opened and not closed").isZero();
        assertThat(control.shim_live(CONTEXTS)).as("certificate contexts not freed").isZero();
        assertThat(control.shim_live(CHAINS)).as("chain contexts not freed").isZero();
    }

    /** "k=v;k=v" as the shim records a call. */
    static Map<String, String> fields(String call) {
        Map<String, String> fields = new HashMap<>();
        for (String part : call.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                fields.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        return fields;
    }

    static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A hook that, on every {@code period}-th call, collects garbage and waits until JNA's cleaner has freed what
     * became unreachable: a buffer the Java layer stopped referencing before the native call read it is then
     * freed memory when the shim reads it. It records in which functions it collected, so a test can show that
     * every hooked call was hit (a period that is a multiple of the hooked calls per operation always lands on the
     * same one).
     */
    static final class Collector implements CallHook {
        private final int period;
        final Set<String> collectedIn = new TreeSet<>();
        int calls;
        int collections;

        Collector(int period) {
            this.period = period;
        }

        @Override
        public void invoke(String function) {
            if (++calls % period == 0) {
                collections++;
                collectedIn.add(function);
                collectAndWaitForCleaner();
            }
        }
    }

    static void collectAndWaitForCleaner() {
        for (int round = 0; round < 2; round++) {
            CountDownLatch cleaned = new CountDownLatch(1);
            com.sun.jna.internal.Cleaner.getCleaner().register(new Object(), cleaned::countDown);
            System.gc();
            try {
                cleaned.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
