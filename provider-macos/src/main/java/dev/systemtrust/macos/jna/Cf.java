package dev.systemtrust.macos.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small CoreFoundation helpers shared by the native adapters. They copy values out; they decide nothing. */
final class Cf {
    private static final CoreFoundation CF = CoreFoundation.INSTANCE;

    private Cf() {
    }

    static void release(Pointer cf) {
        if (cf != null) {
            CF.CFRelease(cf);
        }
    }

    /** The value of an exported {@code const CFStringRef} (e.g. {@code kSecClass}); owned by the framework. */
    static Pointer constant(NativeLibrary library, String symbol) {
        Pointer value = library.getGlobalVariableAddress(symbol).getPointer(0);
        if (value == null) {
            throw new IllegalStateException(symbol + " is NULL in " + library.getName());
        }
        return value;
    }

    /** A new CFString; the caller releases it. */
    static Pointer createString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        Pointer string = CF.CFStringCreateWithCString(null, Arrays.copyOf(utf8, utf8.length + 1),
                CoreFoundation.kCFStringEncodingUTF8);
        if (string == null) {
            throw new IllegalStateException("CFStringCreateWithCString failed for " + value);
        }
        return string;
    }

    static boolean isA(Pointer cf, long typeId) {
        return cf != null && CF.CFGetTypeID(cf) == typeId;
    }

    /** The Java string of a CFString, or {@code null} when it is not one or cannot be converted. */
    static String string(Pointer cf) {
        if (!isA(cf, CF.CFStringGetTypeID())) {
            return null;
        }
        long size = CF.CFStringGetMaximumSizeForEncoding(CF.CFStringGetLength(cf), CoreFoundation.kCFStringEncodingUTF8)
                + 1;
        if (size <= 0 || size > Integer.MAX_VALUE) {
            return null;
        }
        byte[] buffer = new byte[(int) size];
        if (CF.CFStringGetCString(cf, buffer, size, CoreFoundation.kCFStringEncodingUTF8) == 0) {
            return null;
        }
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8);
    }

    /** A CFNumber's value as a signed 64-bit integer, or {@code null} when it is not one or does not fit. */
    static Long number(Pointer cf) {
        if (!isA(cf, CF.CFNumberGetTypeID())) {
            return null;
        }
        LongByReference value = new LongByReference();
        return CF.CFNumberGetValue(cf, CoreFoundation.kCFNumberSInt64Type, value) == 0 ? null : value.getValue();
    }

    /** A copy of the bytes of a CFData, which stays owned by the caller. */
    static byte[] bytes(Pointer data) {
        long length = CF.CFDataGetLength(data);
        if (length < 0 || length > Integer.MAX_VALUE) {
            return null;
        }
        byte[] bytes = new byte[(int) length];
        if (length > 0) {
            CF.CFDataGetBytes(data, new CFRange.ByValue(0, length), bytes);
        }
        return bytes;
    }

    /** A new CFData holding {@code bytes}; the caller releases it. */
    static Pointer data(byte[] bytes) {
        Pointer data = CF.CFDataCreate(null, bytes, bytes.length);
        if (data == null) {
            throw new IllegalStateException("CFDataCreate failed");
        }
        return data;
    }

    /** A new SecCertificateRef for a DER encoding, or {@code null} when Security.framework rejects it. */
    static Pointer certificate(byte[] der) {
        Pointer data = data(der);
        try {
            return SecurityFramework.INSTANCE.SecCertificateCreateWithData(null, data);
        } finally {
            release(data);
        }
    }

    /** The DER of a SecCertificate ({@code SecCertificateCopyData}, released here), or null when it gives none. */
    static byte[] certificateBytes(Pointer certificate) {
        Pointer data = certificate == null ? null : SecurityFramework.INSTANCE.SecCertificateCopyData(certificate);
        if (data == null) {
            return null;
        }
        try {
            return bytes(data);
        } finally {
            release(data);
        }
    }

    /** A new CFArray of CF objects (retained by the array); the caller releases it. */
    static Pointer array(Pointer... values) {
        Memory slots = new Memory((long) Native.POINTER_SIZE * Math.max(1, values.length));
        for (int i = 0; i < values.length; i++) {
            slots.setPointer((long) i * Native.POINTER_SIZE, values[i]);
        }
        try {
            Pointer array = CF.CFArrayCreate(null, slots, values.length,
                    CoreFoundation.LIBRARY.getGlobalVariableAddress("kCFTypeArrayCallBacks"));
            if (array == null) {
                throw new IllegalStateException("CFArrayCreate failed");
            }
            return array;
        } finally {
            // CFArrayCreate reads the slots. Passed as an argument, the Memory stays referenced by JNA's argument
            // array for the call; the fence keeps it alive here too, whatever the JIT concludes, should the call
            // ever receive only its address (ShimStressTest shows such a buffer freed inside the call).
            Reference.reachabilityFence(slots);
        }
    }
}
