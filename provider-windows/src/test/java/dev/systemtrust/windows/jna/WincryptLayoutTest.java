package dev.systemtrust.windows.jna;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.WString;
import dev.systemtrust.windows.WincryptConstants;
import java.lang.reflect.Field;
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
 * every field (nested ones by their full path) and every constant the Java layer uses, compiles it with
 * x86_64-w64-mingw32-gcc to assembly ({@code -S}), and reads the sizes, offsets and values back from the data it
 * emits. They must equal
 * <ul>
 * <li>what JNA computes for the {@link Wincrypt} structures ({@code size()} and field offsets),</li>
 * <li>every constant in {@link WincryptConstants} (found by reflection, so a new one is checked automatically),</li>
 * <li>and the shim's own transcription of the header ({@code crypt32_shim.c}'s layout table), so that the shim the
 * JNA tests run against cannot hide a transcription error.</li>
 * </ul>
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

    /** What the Java side declares: "size:T", "offset:T.a.b", "const:NAME" (numbers) and "string:NAME". */
    private static final Map<String, Object> JAVA = new LinkedHashMap<>();
    /** The same names, as mingw-w64's headers define them. */
    private static final Map<String, Object> MINGW = new LinkedHashMap<>();

    @BeforeAll
    static void compileAgainstMingwHeaders() throws Exception {
        for (Class<?> type : structures()) {
            Wincrypt.DeclaredStructure instance = (Wincrypt.DeclaredStructure) type.getConstructor().newInstance();
            JAVA.put("size:" + type.getSimpleName(), (long) instance.size());
            collectOffsets(type.getSimpleName(), "", 0, instance);
        }
        for (Field field : WincryptConstants.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                JAVA.put("const:" + field.getName(), (long) field.getInt(null));
            } else if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                JAVA.put("string:" + field.getName(), field.get(null));
            }
        }
        Path mingw = NativeToolchain.require(NativeToolchain.MINGW_GCC);
        List<String> names = new ArrayList<>(JAVA.keySet());
        StringBuilder source = new StringBuilder()
                .append("#define CERT_CHAIN_PARA_HAS_EXTRA_FIELDS\n")
                .append("#include <windows.h>\n#include <wincrypt.h>\n#include <stddef.h>\n");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String what = name.substring(name.indexOf(':') + 1);
            switch (name.substring(0, name.indexOf(':'))) {
                case "size":
                    source.append("__attribute__((used)) const long long v").append(i).append(" = sizeof(")
                            .append(what).append(");\n");
                    break;
                case "offset":
                    int dot = what.indexOf('.');
                    source.append("__attribute__((used)) const long long v").append(i).append(" = offsetof(")
                            .append(what, 0, dot).append(", ").append(what.substring(dot + 1)).append(");\n");
                    break;
                case "const":
                    // ULONG_PTR first: some are pointer constants (CERT_STORE_PROV_MEMORY is (LPCSTR) 2).
                    source.append("__attribute__((used)) const long long v").append(i)
                            .append(" = (long long) (int) (ULONG_PTR) (").append(what).append(");\n");
                    break;
                default:
                    source.append("__attribute__((used)) const char v").append(i).append("[] = ").append(what)
                            .append(";\n");
                    break;
            }
        }
        Path file = NativeToolchain.OUTPUT.resolve("wincrypt-layout.c");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        String assembly = NativeToolchain.run(NativeToolchain.command(mingw, "-S", "-O0", "-o", "-", file));
        parse(assembly, names);
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

    private static void collectOffsets(String type, String prefix, long base, Structure instance) throws Exception {
        for (String name : instance.getClass().getAnnotation(Structure.FieldOrder.class).value()) {
            long offset = base + ((Wincrypt.DeclaredStructure) instance).offsetOf(name);
            JAVA.put("offset:" + type + "." + prefix + name, offset);
            Object value = instance.getClass().getField(name).get(instance);
            if (value instanceof Wincrypt.DeclaredStructure nested) {
                collectOffsets(type, prefix + name + ".", offset, nested);
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
        assertThat(differences(JAVA, MINGW))
                .as("JNA layout (Linux) and constants vs x86_64-w64-mingw32-gcc on wincrypt.h (Win64)").isEmpty();
        assertThat(JAVA.keySet()).filteredOn(name -> name.startsWith("size:")).hasSizeGreaterThanOrEqualTo(13);
        assertThat(JAVA.keySet()).filteredOn(name -> name.startsWith("const:")).hasSizeGreaterThanOrEqualTo(40);
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

        assertThat(differences(transcribed, MINGW)).as("crypt32_shim.c's sizes, offsets and constants vs mingw-w64")
                .isEmpty();
        assertThat(transcribed.keySet()).as("the shim transcribes every structure and field the Java layer uses")
                .containsAll(JAVA.keySet().stream().filter(name -> !name.startsWith("const:")
                        && !name.startsWith("string:")).toList());
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
