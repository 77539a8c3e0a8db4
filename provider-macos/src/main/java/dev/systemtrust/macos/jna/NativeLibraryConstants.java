package dev.systemtrust.macos.jna;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** Reads exported {@code const CFStringRef} symbols of one library; a missing symbol fails clearly. */
final class NativeLibraryConstants {
    static final NativeLibraryConstants SECURITY = new NativeLibraryConstants(SecurityFramework.LIBRARY);

    private final NativeLibrary library;

    private NativeLibraryConstants(NativeLibrary library) {
        this.library = library;
    }

    Pointer get(String symbol) {
        Pointer value = Cf.constant(library, symbol);
        if (value == null) {
            throw new IllegalStateException(symbol + " is NULL in " + library.getName());
        }
        return value;
    }
}
