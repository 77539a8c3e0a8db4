package dev.systemtrust.macos.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;

/**
 * The CoreFoundation functions this backend calls, mirrored one-to-one from Apple's headers (CFBase.h, CFArray.h,
 * CFDictionary.h, CFData.h, CFString.h, CFNumber.h, CFDate.h, CFError.h). Types: CF object references are
 * {@link Pointer}s; {@code CFIndex} (signed long), {@code CFTypeID} (unsigned long) and {@code CFNumberType} (a
 * CFIndex) are 64-bit on every macOS that runs Java 17+, so {@code long}; {@code CFStringEncoding} is UInt32, so
 * {@code int}; {@code Boolean} is an unsigned char, so {@code byte} (JNA's {@code boolean} is 4 bytes wide);
 * {@code const char *} arguments are passed as NUL-terminated UTF-8 {@code byte[]}, independent of
 * {@code jna.encoding}. Interface mapping rather than direct mapping: a read makes a few thousand calls at most, so
 * direct mapping's speed buys nothing, while interface mapping binds each symbol on first use, keeping class
 * loading free of native registration.
 */
public interface CoreFoundation extends Library {
    CoreFoundation INSTANCE = Native.load(NativeLibraries.coreFoundation(), CoreFoundation.class);
    NativeLibrary LIBRARY = NativeLibrary.getInstance(NativeLibraries.coreFoundation());

    int kCFStringEncodingUTF8 = 0x0800_0100;
    long kCFNumberSInt64Type = 4;

    void CFRelease(Pointer cf);

    long CFGetTypeID(Pointer cf);

    long CFArrayGetTypeID();

    long CFDictionaryGetTypeID();

    long CFStringGetTypeID();

    long CFNumberGetTypeID();

    long CFArrayGetCount(Pointer array);

    Pointer CFArrayGetValueAtIndex(Pointer array, long index);

    Pointer CFArrayCreate(Pointer allocator, Pointer values, long count, Pointer callBacks);

    Pointer CFDictionaryCreateMutable(Pointer allocator, long capacity, Pointer keyCallBacks, Pointer valueCallBacks);

    void CFDictionarySetValue(Pointer dictionary, Pointer key, Pointer value);

    Pointer CFDictionaryGetValue(Pointer dictionary, Pointer key);

    byte CFDictionaryContainsKey(Pointer dictionary, Pointer key);

    byte CFNumberGetValue(Pointer number, long type, LongByReference value);

    Pointer CFStringCreateWithCString(Pointer allocator, byte[] cString, int encoding);

    long CFStringGetLength(Pointer string);

    long CFStringGetMaximumSizeForEncoding(long length, int encoding);

    byte CFStringGetCString(Pointer string, byte[] buffer, long bufferSize, int encoding);

    Pointer CFDataCreate(Pointer allocator, byte[] bytes, long length);

    long CFDataGetLength(Pointer data);

    void CFDataGetBytes(Pointer data, CFRange.ByValue range, byte[] buffer);

    Pointer CFDateCreate(Pointer allocator, double absoluteTime);

    Pointer CFErrorCopyDescription(Pointer error);

    long CFErrorGetCode(Pointer error);
}
