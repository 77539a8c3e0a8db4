package dev.systemtrust.macos.jna;

/**
 * Which libraries the bindings load: the frameworks by name, unless a test names a stand-in (an absolute path or
 * a library name) with {@value #CORE_FOUNDATION_PROPERTY} / {@value #SECURITY_PROPERTY}. Only tests set these: they
 * point the real bindings at a C test double built from Apple's headers.
 */
final class NativeLibraries {
    static final String CORE_FOUNDATION_PROPERTY = "systemtrust.macos.corefoundation";
    static final String SECURITY_PROPERTY = "systemtrust.macos.security";

    private NativeLibraries() {
    }

    static String coreFoundation() {
        return System.getProperty(CORE_FOUNDATION_PROPERTY, "CoreFoundation");
    }

    static String security() {
        return System.getProperty(SECURITY_PROPERTY, "Security");
    }
}
