package dev.systemtrust.macos.jna;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The Security.framework functions this backend calls, mirrored one-to-one from Apple's headers (SecTrustSettings.h,
 * SecCertificate.h, SecPolicy.h, SecItem.h, SecTrust.h); see {@link CoreFoundation} for the type mapping.
 * {@code OSStatus} is SInt32 and {@code SecTrustSettingsDomain} a uint32 enum: {@code int}. C {@code Boolean} and
 * {@code bool} are one byte: {@code byte}, because the upper bytes of a one-byte return are not defined.
 */
public interface SecurityFramework extends Library {
    SecurityFramework INSTANCE = Native.load(NativeLibraries.security(), SecurityFramework.class);
    NativeLibrary LIBRARY = NativeLibrary.getInstance(NativeLibraries.security());

    int SecTrustSettingsCopyCertificates(int domain, PointerByReference certArray);

    int SecTrustSettingsCopyTrustSettings(Pointer certificate, int domain, PointerByReference trustSettings);

    Pointer SecCertificateCreateWithData(Pointer allocator, Pointer data);

    Pointer SecCertificateCopyData(Pointer certificate);

    long SecPolicyGetTypeID();

    Pointer SecPolicyCopyProperties(Pointer policy);

    int SecItemCopyMatching(Pointer query, PointerByReference result);

    Pointer SecPolicyCreateSSL(byte server, Pointer hostname);

    int SecTrustCreateWithCertificates(Pointer certificates, Pointer policies, PointerByReference trust);

    int SecTrustSetOCSPResponse(Pointer trust, Pointer responseData);

    int SecTrustSetVerifyDate(Pointer trust, Pointer verifyDate);

    /** macOS 10.14+; the evaluator checks for it when created. */
    byte SecTrustEvaluateWithError(Pointer trust, PointerByReference error);

    /** macOS 12+; returns a new CFArray the caller releases. The evaluator checks for it when created. */
    Pointer SecTrustCopyCertificateChain(Pointer trust);

    /** Where {@link #SecTrustCopyCertificateChain} is missing, with {@link #SecTrustGetCertificateAtIndex}. */
    long SecTrustGetCertificateCount(Pointer trust);

    /** Deprecated since macOS 12 (still present); a borrowed reference (the Get rule): never released. */
    Pointer SecTrustGetCertificateAtIndex(Pointer trust, long index);
}
