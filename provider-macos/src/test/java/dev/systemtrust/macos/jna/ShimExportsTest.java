package dev.systemtrust.macos.jna;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The shim exports exactly the functions the bindings declare and the constants they read, nothing more: so every
 * binding runs against a transcribed signature, and the shim cannot satisfy a call the real frameworks would not.
 */
@EnabledOnOs(OS.LINUX)
class ShimExportsTest {
    /** {@code Cf.constant(library, "kX")} and {@code getGlobalVariableAddress("kX")} in the bindings' sources. */
    private static final Pattern CONSTANT_READ = Pattern.compile(
            "(?:getGlobalVariableAddress\\(|Cf\\.constant\\([A-Za-z.]+,\\s*)\"(k[A-Za-z]+)\"");
    private static final Path BINDINGS = Path.of("src/main/java/dev/systemtrust/macos/jna");

    @Test
    void theShimExportsExactlyWhatTheBindingsDeclareAndRead() throws IOException {
        Set<String> expected = new TreeSet<>();
        for (Class<?> binding : List.of(CoreFoundation.class, SecurityFramework.class)) {
            for (Method method : binding.getDeclaredMethods()) {
                expected.add(method.getName());
            }
        }
        expected.addAll(constantsReadByTheBindings());

        assertThat(exported(ShimLibrary.Variant.FULL)).isEqualTo(expected);
        Set<String> withoutEvaluate = new TreeSet<>(expected);
        withoutEvaluate.remove("SecTrustEvaluateWithError");
        assertThat(exported(ShimLibrary.Variant.NO_EVALUATE_WITH_ERROR)).isEqualTo(withoutEvaluate);
        Set<String> withoutCopyChain = new TreeSet<>(expected);
        withoutCopyChain.remove("SecTrustCopyCertificateChain");
        assertThat(exported(ShimLibrary.Variant.NO_COPY_CERTIFICATE_CHAIN)).isEqualTo(withoutCopyChain);
    }

    @Test
    void theBindingsReadTheConstantsTheyAreExpectedTo() throws IOException {
        assertThat(constantsReadByTheBindings()).containsExactlyInAnyOrder("kCFTypeArrayCallBacks",
                "kCFTypeDictionaryKeyCallBacks", "kCFTypeDictionaryValueCallBacks", "kCFBooleanTrue", "kSecClass",
                "kSecClassCertificate", "kSecMatchLimit", "kSecMatchLimitAll", "kSecReturnRef", "kSecPolicyOid");
    }

    private static Set<String> constantsReadByTheBindings() throws IOException {
        Set<String> constants = new TreeSet<>();
        try (Stream<Path> sources = Files.list(BINDINGS)) {
            for (Path source : sources.toList()) {
                Matcher matcher = CONSTANT_READ.matcher(Files.readString(source));
                while (matcher.find()) {
                    constants.add(matcher.group(1));
                }
            }
        }
        return constants;
    }

    /** The library's exported (dynamic, defined) symbols, without its shim_* test-control functions. */
    private static Set<String> exported(ShimLibrary.Variant variant) throws IOException {
        Path library = ShimLibrary.build(variant);
        String table = ShimLibrary.run(List.of(ShimLibrary.tool("nm"), "-D", "--defined-only", library.toString()));
        Set<String> symbols = new TreeSet<>();
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && "TDRB".contains(fields[1]) && !fields[2].startsWith("shim_")) {
                symbols.add(fields[2]);
            }
        }
        return symbols;
    }
}
