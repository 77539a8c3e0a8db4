package dev.systemtrust.windows;

import java.util.Optional;
import java.util.Set;

/**
 * Which JVMs the crypt32 binding supports. {@code jna.Crypt32} is a plain {@code Library}: the C calling
 * convention, which is Windows' only one on x64 and ARM64. A 32-bit x86 JVM would call crypt32's stdcall functions
 * with the wrong convention, and the binding's layouts are proven (against mingw-w64's headers) for 64-bit
 * Windows only; Java dropped the 32-bit Windows port (deprecated in JDK 21, removed in JDK 24). So a 32-bit JVM is
 * refused with a clear message before JNA is touched, and the backend falls back loudly.
 */
final class Crypt32Abi {
    private static final Set<String> X86_32 = Set.of("x86", "i386", "i486", "i586", "i686");

    private Crypt32Abi() {
    }

    /** Why this JVM cannot use the binding, or empty when it can. */
    static Optional<String> refusal(String osArch, String dataModel) {
        if ((osArch != null && X86_32.contains(osArch)) || "32".equals(dataModel)) {
            return Optional.of("SystemTrust's crypt32 binding supports 64-bit JVMs only (x64, ARM64); this JVM is "
                    + "32-bit (os.arch=" + osArch + "), where crypt32 uses the stdcall convention. Use a 64-bit JVM");
        }
        return Optional.empty();
    }

    /** Throws when this JVM cannot use the binding. */
    static void requireSupported(String osArch, String dataModel) {
        Optional<String> refusal = refusal(osArch, dataModel);
        if (refusal.isPresent()) {
            throw new UnsupportedOperationException(refusal.get());
        }
    }
}
