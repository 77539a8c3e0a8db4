package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import com.sun.jna.ptr.ByReference;
import dev.systemtrust.windows.WincryptConstants;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The ABI of the Windows layer, checked against mingw-w64's real {@code windows.h}/{@code wincrypt.h}/
 * {@code winerror.h} on every build, without Windows or Wine: the test generates a C file naming every structure,
 * every field (nested ones by their full path), every constant and every {@link Crypt32} function the Java layer
 * uses, compiles it with x86_64-w64-mingw32-gcc to assembly ({@code -S}), and reads the sizes, offsets and values
 * back from the data it emits. They must equal
 * <ul>
 * <li>what JNA computes for the {@link Wincrypt} structures ({@code size()}, field offsets, and each field's width
 * from its Java type: {@code int} 4, {@code short} 2, a pointer 8, a nested structure its size, an array its
 * length), so a {@code DWORD} declared {@code short} is caught even where alignment hides it from the offsets;</li>
 * <li>every constant in {@link WincryptConstants} (found by reflection, so a new one is checked automatically);</li>
 * <li>for every {@link Crypt32} method, the header's prototype: {@link #PROTOTYPES} lists the C types the Java
 * declaration stands for, a {@code _Static_assert} with {@code __builtin_types_compatible_p} proves the header
 * declares exactly that prototype, and {@code sizeof} each parameter and return type must equal the width of the
 * Java type JNA passes ({@code int}/{@code boolean} 4; {@code Pointer}, {@code Structure}, {@code WString},
 * {@code byte[]} and by-reference types 8: pointers);</li>
 * <li>and the shim's own transcription of the header ({@code crypt32_shim.c}'s layout table), so that the shim the
 * JNA tests run against cannot hide a transcription error.</li>
 * </ul>
 *
 * <p>What this does not prove: signedness (a {@code DWORD} and a Java {@code int} have the same width; values above
 * 2^31 arrive as negative Java numbers, which the Java layer compares bit for bit), and that mingw-w64's
 * declarations equal Microsoft's. One constant Microsoft's current headers define is missing from mingw-w64's:
 * {@link #NOT_IN_MINGW} holds it with its source, checked against that value instead, and checked against mingw-w64
 * automatically once mingw-w64 defines it.
 *
 * <p>Where Linux x86-64 and Win64 differ, and why it does not matter here: JNA computes a layout for the platform
 * it runs on, LP64 on Linux (C {@code long} 8 bytes, {@code wchar_t} 4 bytes) while Win64 is LLP64 ({@code long}
 * 4 bytes, {@code WCHAR} 2 bytes). The structures use neither: {@code DWORD}/{@code LONG}/{@code BOOL} are Java
 * {@code int}, never {@code long} or {@code NativeLong}; wide strings appear only behind pointers
 * ({@link WString}), never inline. With only 1-, 2-, 4-byte integers, pointers and nested structures, natural
 * alignment gives the same layout on both, which is what comparing JNA's Linux numbers with mingw's Win64 numbers
 * proves; {@link #structuresUseOnlyTypesWhoseLayoutIsTheSameOnWin64AndLp64()} keeps it that way.
 */
@EnabledOnOs(OS.LINUX)
class WincryptLayoutTest {
    private static final Pattern LABEL = Pattern.compile("^(v\\d+):$");
    private static final Pattern QUAD = Pattern.compile("^\\s*\\.quad\\s+(-?\\d+)$");
    private static final Pattern SPACE = Pattern.compile("^\\s*\\.space\\s+8$");
    private static final Pattern ASCII = Pattern.compile("^\\s*\\.ascii\\s+\"(.*)\\\\0\"$");

    /**
     * The header's prototype of every {@link Crypt32} method, as the Java declaration stands for it: the return type,
     * then each parameter type, spelled as {@code wincrypt.h} spells them.
     */
    static final Map<String, List<String>> PROTOTYPES = Map.ofEntries(
            prototype("CertOpenStore", "HCERTSTORE", "LPCSTR", "DWORD", "HCRYPTPROV_LEGACY", "DWORD", "const void *"),
            prototype("CertEnumCertificatesInStore", "PCCERT_CONTEXT", "HCERTSTORE", "PCCERT_CONTEXT"),
            prototype("CertGetEnhancedKeyUsage", "BOOL", "PCCERT_CONTEXT", "DWORD", "PCERT_ENHKEY_USAGE", "DWORD *"),
            prototype("CertGetCertificateContextProperty", "BOOL", "PCCERT_CONTEXT", "DWORD", "void *", "DWORD *"),
            prototype("CertSetCertificateContextProperty", "BOOL", "PCCERT_CONTEXT", "DWORD", "DWORD",
                    "const void *"),
            prototype("CertFreeCertificateContext", "BOOL", "PCCERT_CONTEXT"),
            prototype("CertCloseStore", "BOOL", "HCERTSTORE", "DWORD"),
            prototype("CertCreateCertificateContext", "PCCERT_CONTEXT", "DWORD", "const BYTE *", "DWORD"),
            prototype("CertAddEncodedCertificateToStore", "BOOL", "HCERTSTORE", "DWORD", "const BYTE *", "DWORD",
                    "DWORD", "PCCERT_CONTEXT *"),
            prototype("CertGetCertificateChain", "BOOL", "HCERTCHAINENGINE", "PCCERT_CONTEXT", "LPFILETIME",
                    "HCERTSTORE", "PCERT_CHAIN_PARA", "DWORD", "LPVOID", "PCCERT_CHAIN_CONTEXT *"),
            prototype("CertVerifyCertificateChainPolicy", "BOOL", "LPCSTR", "PCCERT_CHAIN_CONTEXT",
                    "PCERT_CHAIN_POLICY_PARA", "PCERT_CHAIN_POLICY_STATUS"),
            prototype("CertFreeCertificateChain", "VOID", "PCCERT_CHAIN_CONTEXT"));

    /**
     * Constants of {@link WincryptConstants} that mingw-w64's headers do not define yet, with the value Microsoft's
     * current headers give. {@code CERT_DISALLOWED_CA_FILETIME_PROP_ID} is 128 in the Windows SDK's
     * {@code wincrypt.h} as Microsoft publishes it in its generated bindings (windows-docs-rs,
     * {@code windows::Win32::Security::Cryptography::CERT_DISALLOWED_CA_FILETIME_PROP_ID = 128u32}, and
     * win32metadata, which is generated from the SDK headers; the matching OID is
     * {@code szOID_CERT_DISALLOWED_CA_FILETIME_PROP_ID "1.3.6.1.4.1.311.10.11.128"}); mingw-w64's list stops at
     * {@code CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID} 127. The generated C file asks mingw-w64 with {@code #ifdef}: while
     * it lacks the name, the Java value must equal this one; once it defines it, the two must agree like any other.
     */
    static final Map<String, Long> NOT_IN_MINGW = Map.of("CERT_DISALLOWED_CA_FILETIME_PROP_ID", 128L);
    /** What the generated C emits for a name of {@link #NOT_IN_MINGW} that mingw-w64 does not define. */
    private static final long UNDEFINED = Long.MAX_VALUE;

    /**
     * What the Java side declares: "size:T", "offset:T.a.b", "width:T.a.b", "const:NAME" (numbers), "string:NAME",
     * and, per {@link Crypt32} method, "return:M" and "argument:M.i" (widths in bytes).
     */
    private static final Map<String, Object> JAVA = new LinkedHashMap<>();
    /** The same names, as mingw-w64's headers define them. */
    private static final Map<String, Object> MINGW = new LinkedHashMap<>();

    @BeforeAll
    static void compileAgainstMingwHeaders() throws Exception {
        for (Class<?> type : structures()) {
            Wincrypt.DeclaredStructure instance = (Wincrypt.DeclaredStructure) type.getConstructor().newInstance();
            JAVA.put("size:" + type.getSimpleName(), (long) instance.size());
            collectFields(type.getSimpleName(), "", 0, instance);
        }
        for (Field field : WincryptConstants.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                JAVA.put("const:" + field.getName(), (long) field.getInt(null));
            } else if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                JAVA.put("string:" + field.getName(), field.get(null));
            }
        }
        for (Method method : crypt32Methods()) {
            JAVA.put("return:" + method.getName(), javaWidth(method.getReturnType()));
            Class<?>[] parameters = method.getParameterTypes();
            for (int i = 0; i < parameters.length; i++) {
                JAVA.put("argument:" + method.getName() + "." + i, javaWidth(parameters[i]));
            }
        }
        Path mingw = NativeToolchain.require(NativeToolchain.MINGW_GCC);
        List<String> names = new ArrayList<>(JAVA.keySet());
        StringBuilder source = new StringBuilder()
                .append("#define CERT_CHAIN_PARA_HAS_EXTRA_FIELDS\n")
                .append("#include <windows.h>\n#include <wincrypt.h>\n#include <stddef.h>\n");
        PROTOTYPES.forEach((function, types) -> source.append("_Static_assert(__builtin_types_compatible_p(")
                .append("__typeof__(&").append(function).append("), ").append(types.get(0)).append(" (WINAPI *)(")
                .append(String.join(", ", types.subList(1, types.size()))).append(")), \"").append(function)
                .append(": wincrypt.h declares another prototype than WincryptLayoutTest.PROTOTYPES\");\n"));
        for (int i = 0; i < names.size(); i++) {
            source.append(definition("v" + i, names.get(i)));
        }
        Path file = NativeToolchain.OUTPUT.resolve("wincrypt-layout.c");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        String assembly = NativeToolchain.run(NativeToolchain.command(mingw, "-S", "-O0", "-o", "-", file));
        parse(assembly, names);
    }

    /** The C definition that makes mingw-w64 emit the value of one name of {@link #JAVA}. */
    private static String definition(String variable, String name) {
        String what = name.substring(name.indexOf(':') + 1);
        String number = "__attribute__((used)) const long long " + variable + " = ";
        switch (name.substring(0, name.indexOf(':'))) {
            case "size":
                return number + "sizeof(" + what + ");\n";
            case "offset":
                int dot = what.indexOf('.');
                return number + "offsetof(" + what.substring(0, dot) + ", " + what.substring(dot + 1) + ");\n";
            case "width":
                int first = what.indexOf('.');
                return number + "sizeof(((" + what.substring(0, first) + " *) 0)->" + what.substring(first + 1)
                        + ");\n";
            case "return":
                String returned = PROTOTYPES.get(what).get(0);
                return number + ("VOID".equals(returned) ? "0" : "sizeof(" + returned + ")") + ";\n";
            case "argument":
                int index = Integer.parseInt(what.substring(what.indexOf('.') + 1));
                return number + "sizeof(" + PROTOTYPES.get(what.substring(0, what.indexOf('.'))).get(index + 1)
                        + ");\n";
            case "const":
                // ULONG_PTR first: some are pointer constants (CERT_STORE_PROV_MEMORY is (LPCSTR) 2).
                String value = number + "(long long) (int) (ULONG_PTR) (" + what + ");\n";
                return NOT_IN_MINGW.containsKey(what) ? "#ifdef " + what + "\n" + value + "#else\n" + number
                        + UNDEFINED + "LL;\n#endif\n" : value;
            default:
                return "__attribute__((used)) const char " + variable + "[] = " + what + ";\n";
        }
    }

    private static Map.Entry<String, List<String>> prototype(String function, String returned, String... parameters) {
        List<String> types = new ArrayList<>();
        types.add(returned);
        types.addAll(List.of(parameters));
        return Map.entry(function, List.copyOf(types));
    }

    /** The methods of the binding (its static helpers aside). */
    private static List<Method> crypt32Methods() {
        List<Method> methods = new ArrayList<>();
        for (Method method : Crypt32.class.getDeclaredMethods()) {
            if (!Modifier.isStatic(method.getModifiers())) {
                methods.add(method);
            }
        }
        return methods;
    }

    /** How many bytes JNA passes or returns for a Java type in a {@link Crypt32} signature; 0 for void. */
    private static long javaWidth(Class<?> type) {
        if (type == void.class) {
            return 0;
        }
        if (type == int.class || type == boolean.class) {
            return 4; // JNA passes and returns a Java boolean as a 32-bit int, the width of Windows' BOOL
        }
        if (type == long.class) {
            return 8;
        }
        if (type == short.class) {
            return 2;
        }
        if (type == byte.class) {
            return 1;
        }
        boolean pointer = Pointer.class.isAssignableFrom(type) || WString.class == type || String.class == type
                || type.isArray() || ByReference.class.isAssignableFrom(type)
                || (Structure.class.isAssignableFrom(type) && !Structure.ByValue.class.isAssignableFrom(type));
        if (!pointer) {
            throw new AssertionError("no width known for " + type + " in a Crypt32 signature");
        }
        return Native.POINTER_SIZE;
    }

    /** The native width of a structure field as JNA lays it out. */
    private static long fieldWidth(Object value, Class<?> type) {
        if (value instanceof Wincrypt.DeclaredStructure nested) {
            return nested.size();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        return javaWidth(type);
    }

    private static List<Class<?>> structures() {
        List<Class<?>> structures = new ArrayList<>();
        for (Class<?> type : Wincrypt.class.getDeclaredClasses()) {
            if (Wincrypt.DeclaredStructure.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                structures.add(type);
            }
        }
        return structures;
    }

    private static void collectFields(String type, String prefix, long base, Structure instance) throws Exception {
        for (String name : instance.getClass().getAnnotation(Structure.FieldOrder.class).value()) {
            long offset = base + ((Wincrypt.DeclaredStructure) instance).offsetOf(name);
            JAVA.put("offset:" + type + "." + prefix + name, offset);
            Field field = instance.getClass().getField(name);
            Object value = field.get(instance);
            JAVA.put("width:" + type + "." + prefix + name, fieldWidth(value, field.getType()));
            if (value instanceof Wincrypt.DeclaredStructure nested) {
                collectFields(type, prefix + name + ".", offset, nested);
            }
        }
    }

    private static void parse(String assembly, List<String> names) {
        String label = null;
        for (String line : assembly.split("\n")) {
            Matcher start = LABEL.matcher(line.strip());
            if (start.matches()) {
                label = start.group(1);
                continue;
            }
            if (label == null) {
                continue;
            }
            String name = names.get(Integer.parseInt(label.substring(1)));
            Matcher number = QUAD.matcher(line);
            Matcher text = ASCII.matcher(line);
            if (number.matches()) {
                MINGW.put(name, Long.parseLong(number.group(1)));
            } else if (SPACE.matcher(line).matches()) {
                MINGW.put(name, 0L);
            } else if (text.matches()) {
                MINGW.put(name, text.group(1));
            }
            label = null;
        }
        assertThat(MINGW.keySet()).as("every name compiled to a value").containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void everyStructureFieldAndConstantTheJavaLayerUsesMatchesMingwsWincryptH() {
        assertThat(differences(JAVA, mingwOrDocumented()))
                .as("JNA layout (Linux) and constants vs x86_64-w64-mingw32-gcc on wincrypt.h (Win64)").isEmpty();
        assertThat(JAVA.keySet()).filteredOn(name -> name.startsWith("size:")).hasSizeGreaterThanOrEqualTo(13);
        assertThat(JAVA.keySet()).filteredOn(name -> name.startsWith("width:")).hasSizeGreaterThanOrEqualTo(80);
        assertThat(JAVA.keySet()).filteredOn(name -> name.startsWith("const:")).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void everyCrypt32MethodHasTheHeadersPrototypeWithTheWidthsJnaPasses() {
        assertThat(PROTOTYPES.keySet()).as("a prototype for every Crypt32 method, and no other")
                .containsExactlyInAnyOrderElementsOf(crypt32Methods().stream().map(Method::getName).toList());
        for (Method method : crypt32Methods()) {
            assertThat(PROTOTYPES.get(method.getName())).as("%s: return type and parameters", method.getName())
                    .hasSize(method.getParameterCount() + 1);
        }
        // The header's prototypes themselves are _Static_asserts: a difference fails the compilation above. The
        // widths JNA passes must then be the widths of the header's types on Win64.
        assertThat(JAVA.keySet()).filteredOn(name -> name.startsWith("argument:")).hasSizeGreaterThanOrEqualTo(40);
        assertThat(MINGW.get("argument:CertOpenStore.2")).as("HCRYPTPROV_LEGACY, a ULONG_PTR").isEqualTo(8L);
        assertThat(MINGW.get("return:CertCloseStore")).as("BOOL").isEqualTo(4L);
    }

    @Test
    void aConstantMingwLacksIsNamedWithTheValueMicrosoftsHeadersGive() {
        NOT_IN_MINGW.forEach((name, documented) -> {
            assertThat(JAVA.get("const:" + name)).as("WincryptConstants.%s", name).isEqualTo(documented);
            assertThat(MINGW.get("const:" + name)).as("mingw-w64 now defines %s: it is checked like the others; "
                    + "remove it from NOT_IN_MINGW", name).isIn(UNDEFINED, documented);
        });
    }

    @Test
    void theChainParametersNestTheUsageAsTheHeaderDoes() {
        // The numbers the flattened declaration got wrong (size 24, fields at 0/4/8/16): on Win64 the nested
        // CERT_USAGE_MATCH and CERT_ENHKEY_USAGE are 8-aligned.
        assertThat(MINGW).containsEntry("offset:CERT_CHAIN_PARA.RequestedUsage.dwType", 8L)
                .containsEntry("offset:CERT_CHAIN_PARA.RequestedUsage.Usage.cUsageIdentifier", 16L)
                .containsEntry("offset:CERT_CHAIN_PARA.RequestedUsage.Usage.rgpszUsageIdentifier", 24L)
                .containsEntry("offset:CERT_CHAIN_PARA.RequestedIssuancePolicy", 32L)
                .containsEntry("offset:CERT_CHAIN_PARA.dwUrlRetrievalTimeout", 56L)
                .containsEntry("size:CERT_CHAIN_PARA", 96L);
        Wincrypt.CERT_CHAIN_PARA parameters = new Wincrypt.CERT_CHAIN_PARA();
        assertThat(parameters.cbSize).isEqualTo(96);
    }

    @Test
    void theShimsTranscriptionOfTheHeaderMatchesMingwToo() {
        Crypt32Shim shim = Crypt32Shim.load();
        Map<String, Object> transcribed = new LinkedHashMap<>();
        for (int i = 0; i < shim.control.shim_layout_count(); i++) {
            transcribed.put(shim.control.shim_layout_name(i), shim.control.shim_layout_value(i));
        }

        assertThat(differences(transcribed, mingwOrDocumented())).as("crypt32_shim.c's sizes, offsets and constants vs mingw-w64")
                .isEmpty();
        assertThat(transcribed.keySet()).as("the shim transcribes every structure and field the Java layer uses")
                .containsAll(JAVA.keySet().stream().filter(name -> name.startsWith("size:")
                        || name.startsWith("offset:") || name.startsWith("width:")).toList());
    }

    /** mingw-w64's values, with Microsoft's documented value for a name of {@link #NOT_IN_MINGW} it lacks. */
    private static Map<String, Object> mingwOrDocumented() {
        Map<String, Object> mingw = new LinkedHashMap<>(MINGW);
        NOT_IN_MINGW.forEach((name, documented) -> mingw.computeIfPresent("const:" + name,
                (key, value) -> value.equals(UNDEFINED) ? documented : value));
        return mingw;
    }

    /** "name: ours=X, mingw-w64=Y" for every name of {@code ours} whose value mingw-w64 does not give. */
    private static List<String> differences(Map<String, Object> ours, Map<String, Object> mingw) {
        List<String> differences = new ArrayList<>();
        ours.forEach((name, value) -> {
            if (!value.equals(mingw.get(name))) {
                differences.add(name + ": ours=" + value + ", mingw-w64=" + mingw.get(name));
            }
        });
        return differences;
    }

    @Test
    void structuresUseOnlyTypesWhoseLayoutIsTheSameOnWin64AndLp64() {
        List<String> fields = new ArrayList<>();
        for (Class<?> type : structures()) {
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Class<?> javaType = field.getType();
                boolean portable = javaType == int.class || javaType == short.class || javaType == byte[].class
                        || Pointer.class.isAssignableFrom(javaType) || javaType == WString.class
                        || Wincrypt.DeclaredStructure.class.isAssignableFrom(javaType);
                if (!portable) {
                    fields.add(type.getSimpleName() + "." + field.getName() + ": " + javaType.getName());
                }
            }
        }
        assertThat(fields).as("fields typed long, NativeLong, char, boolean or inline strings").isEmpty();
    }
}
