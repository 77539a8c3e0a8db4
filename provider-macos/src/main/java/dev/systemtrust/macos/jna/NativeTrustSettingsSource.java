package dev.systemtrust.macos.jna;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.macos.CertificateListing;
import dev.systemtrust.macos.OsStatus;
import dev.systemtrust.macos.TrustSettingsDomain;
import dev.systemtrust.macos.TrustSettingsEntry;
import dev.systemtrust.macos.TrustSettingsLookup;
import dev.systemtrust.macos.TrustSettingsSource;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TrustSettingsSource} over Security.framework: copies everything out into Java values and releases every
 * CF object it obtained (the "Copy"/"Create" rule) before returning. It decides nothing.
 */
public final class NativeTrustSettingsSource implements TrustSettingsSource {
    private static final CoreFoundation CF = CoreFoundation.INSTANCE;
    private static final SecurityFramework SEC = SecurityFramework.INSTANCE;

    /**
     * The usage-constraints keys are CFSTR macros in SecTrustSettings.h, not exported symbols. Created once and
     * kept for the JVM's life, like the compile-time CFSTR constants they stand in for (C code never frees those).
     */
    private static final class Keys {
        static final Pointer POLICY = Cf.createString("kSecTrustSettingsPolicy");
        static final Pointer APPLICATION = Cf.createString("kSecTrustSettingsApplication");
        static final Pointer POLICY_STRING = Cf.createString("kSecTrustSettingsPolicyString");
        static final Pointer KEY_USAGE = Cf.createString("kSecTrustSettingsKeyUsage");
        static final Pointer RESULT = Cf.createString("kSecTrustSettingsResult");
        static final Pointer POLICY_OID = Cf.constant(SecurityFramework.LIBRARY, "kSecPolicyOid");
    }

    @Override
    public CertificateListing certificates(TrustSettingsDomain domain) {
        PointerByReference out = new PointerByReference();
        int status = SEC.SecTrustSettingsCopyCertificates(domain.code(), out);
        Pointer array = out.getValue();
        try {
            if (status != OsStatus.SUCCESS) {
                return CertificateListing.failed(status);
            }
            return CertificateListing.of(array == null ? null : certificateData(array));
        } finally {
            Cf.release(array);
        }
    }

    @Override
    public CertificateListing systemRootCertificates() {
        PointerByReference keychainOut = new PointerByReference();
        int status = SEC.SecKeychainOpen(SYSTEM_ROOTS_KEYCHAIN, keychainOut);
        Pointer keychain = keychainOut.getValue();
        Pointer searchList = null;
        Pointer query = null;
        Pointer result = null;
        try {
            if (status != OsStatus.SUCCESS || keychain == null) {
                return CertificateListing.failed(status == OsStatus.SUCCESS ? OsStatus.NO_SUCH_KEYCHAIN : status);
            }
            searchList = Cf.array(keychain);
            query = CF.CFDictionaryCreateMutable(null, 0,
                    CoreFoundation.LIBRARY.getGlobalVariableAddress("kCFTypeDictionaryKeyCallBacks"),
                    CoreFoundation.LIBRARY.getGlobalVariableAddress("kCFTypeDictionaryValueCallBacks"));
            if (query == null) {
                throw new IllegalStateException("CFDictionaryCreateMutable failed");
            }
            NativeLibrary sec = SecurityFramework.LIBRARY;
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecClass"), Cf.constant(sec, "kSecClassCertificate"));
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecMatchLimit"), Cf.constant(sec, "kSecMatchLimitAll"));
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecReturnRef"),
                    Cf.constant(CoreFoundation.LIBRARY, "kCFBooleanTrue"));
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecMatchSearchList"), searchList);
            PointerByReference resultOut = new PointerByReference();
            status = SEC.SecItemCopyMatching(query, resultOut);
            result = resultOut.getValue();
            if (status != OsStatus.SUCCESS) {
                return CertificateListing.failed(status);
            }
            if (result == null) {
                return CertificateListing.of(null);
            }
            if (!Cf.isA(result, CF.CFArrayGetTypeID())) {
                // kSecMatchLimitAll promises an array; anything else is reported, not guessed at.
                return CertificateListing.of(null);
            }
            return CertificateListing.of(certificateData(result));
        } finally {
            Cf.release(result);
            Cf.release(query);
            Cf.release(searchList);
            Cf.release(keychain);
        }
    }

    @Override
    public TrustSettingsLookup trustSettings(byte[] der, TrustSettingsDomain domain) {
        // Trust settings are keyed by the certificate's hash, so a fresh reference to the same DER finds them.
        Pointer certificate = Cf.certificate(der);
        if (certificate == null) {
            return TrustSettingsLookup.failed(OsStatus.PARAM);
        }
        Pointer settings = null;
        try {
            PointerByReference out = new PointerByReference();
            int status = SEC.SecTrustSettingsCopyTrustSettings(certificate, domain.code(), out);
            settings = out.getValue();
            if (status != OsStatus.SUCCESS) {
                return TrustSettingsLookup.failed(status);
            }
            if (settings == null) {
                return TrustSettingsLookup.of(null);
            }
            if (!Cf.isA(settings, CF.CFArrayGetTypeID())) {
                return TrustSettingsLookup.failed(OsStatus.INVALID_TRUST_SETTINGS);
            }
            List<TrustSettingsEntry> entries = new ArrayList<>();
            long count = CF.CFArrayGetCount(settings);
            for (long i = 0; i < count; i++) {
                Pointer dictionary = CF.CFArrayGetValueAtIndex(settings, i);
                if (!Cf.isA(dictionary, CF.CFDictionaryGetTypeID())) {
                    return TrustSettingsLookup.failed(OsStatus.INVALID_TRUST_SETTINGS);
                }
                entries.add(entry(dictionary));
            }
            return TrustSettingsLookup.of(entries);
        } finally {
            Cf.release(settings);
            Cf.release(certificate);
        }
    }

    private static TrustSettingsEntry entry(Pointer dictionary) {
        Pointer policy = CF.CFDictionaryGetValue(dictionary, Keys.POLICY);
        return new TrustSettingsEntry(policy != null, policy == null ? null : policyOid(policy),
                CF.CFDictionaryContainsKey(dictionary, Keys.APPLICATION) != 0,
                CF.CFDictionaryContainsKey(dictionary, Keys.POLICY_STRING) != 0,
                intValue(CF.CFDictionaryGetValue(dictionary, Keys.RESULT)),
                unsignedValue(CF.CFDictionaryGetValue(dictionary, Keys.KEY_USAGE)));
    }

    private static String policyOid(Pointer policy) {
        Pointer properties = SEC.SecPolicyCopyProperties(policy);
        try {
            return properties == null ? null : Cf.string(CF.CFDictionaryGetValue(properties, Keys.POLICY_OID));
        } finally {
            Cf.release(properties);
        }
    }

    private static Long number(Pointer number) {
        if (!Cf.isA(number, CF.CFNumberGetTypeID())) {
            return null;
        }
        LongByReference value = new LongByReference();
        return CF.CFNumberGetValue(number, CoreFoundation.kCFNumberSInt64Type, value) == 0 ? null : value.getValue();
    }

    /**
     * A result that is present but not a number becomes Invalid (0), which never creates trust; treating it as
     * absent would turn it into TrustRoot.
     */
    private static Integer intValue(Pointer cf) {
        if (cf == null) {
            return null;
        }
        Long value = number(cf);
        return value == null ? TrustSettingsEntry.RESULT_INVALID : (int) (long) value;
    }

    private static Long unsignedValue(Pointer cf) {
        Long value = number(cf);
        return value == null ? (cf == null ? null : 0L) : value & 0xFFFF_FFFFL;
    }

    private static List<byte[]> certificateData(Pointer array) {
        long count = CF.CFArrayGetCount(array);
        List<byte[]> certificates = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            Pointer data = SEC.SecCertificateCopyData(CF.CFArrayGetValueAtIndex(array, i));
            try {
                certificates.add(data == null ? null : Cf.bytes(data));
            } finally {
                Cf.release(data);
            }
        }
        return certificates;
    }
}
