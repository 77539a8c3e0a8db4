package dev.systemtrust.macos.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The Security.framework functions this backend calls, mirrored one-to-one (see {@link CoreFoundation} for why
 * interface mapping). C {@code Boolean}/{@code bool} is one byte: mapped to {@code byte}, because JNA's
 * {@code boolean} is a 4-byte int and the upper bytes of a one-byte return are not defined.
 */
public interface SecurityFramework extends Library {
    SecurityFramework INSTANCE = Native.load("Security", SecurityFramework.class);
    NativeLibrary LIBRARY = NativeLibrary.getInstance("Security");

    int SecTrustSettingsCopyCertificates(int domain, PointerByReference certArray);

    int SecTrustSettingsCopyTrustSettings(Pointer certificate, int domain, PointerByReference trustSettings);

    Pointer SecCertificateCreateWithData(Pointer allocator, Pointer data);

    Pointer SecCertificateCopyData(Pointer certificate);

    Pointer SecPolicyCopyProperties(Pointer policy);

    /** Deprecated by Apple but the only way to name the system roots keychain as a search list. */
    int SecKeychainOpen(String pathName, PointerByReference keychain);

    int SecItemCopyMatching(Pointer query, PointerByReference result);

    Pointer SecPolicyCreateSSL(byte server, Pointer hostname);

    int SecTrustCreateWithCertificates(Pointer certificates, Pointer policies, PointerByReference trust);

    byte SecTrustEvaluateWithError(Pointer trust, PointerByReference error);
}
