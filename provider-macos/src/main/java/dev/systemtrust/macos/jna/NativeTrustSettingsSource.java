package dev.systemtrust.macos.jna;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.systemtrust.macos.CertificateListing;
import dev.systemtrust.macos.CfValue;
import dev.systemtrust.macos.OsStatus;
import dev.systemtrust.macos.TrustSettingsDomain;
import dev.systemtrust.macos.TrustSettingsLookup;
import dev.systemtrust.macos.TrustSettingsSource;
import dev.systemtrust.macos.UsageConstraints;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link TrustSettingsSource} over Security.framework: copies everything out into raw Java values (OSStatus
 * values, DER bytes, which dictionary keys are present and what they hold) and releases every CF object it obtained
 * (the "Copy"/"Create" rule) before returning. It decides nothing: no retry, no rule, no default.
 *
 * <p>Only the trust-settings and keychain-item calls are made: no SecTrust is created, so a read cannot start
 * revocation checking or network fetches.
 */
public final class NativeTrustSettingsSource implements TrustSettingsSource {
    private static final CoreFoundation CF = CoreFoundation.INSTANCE;
    private static final SecurityFramework SEC = SecurityFramework.INSTANCE;

    /**
     * The usage-constraints keys are CFSTR macros in SecTrustSettings.h (and SecTrustSettingsPriv.h for the policy
     * name), not exported symbols, so each lookup creates them and releases them when done.
     */
    private static final class Keys implements AutoCloseable {
        private static final String[] NAMES = {"kSecTrustSettingsPolicy", "kSecTrustSettingsPolicyName",
                "kSecTrustSettingsPolicyString", "kSecTrustSettingsApplication", "kSecTrustSettingsResult",
                "kSecTrustSettingsKeyUsage"};
        private final Pointer[] strings = new Pointer[NAMES.length];

        Keys() {
            try {
                for (int i = 0; i < NAMES.length; i++) {
                    strings[i] = Cf.createString(NAMES[i]);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        Pointer policy() {
            return strings[0];
        }

        Pointer policyName() {
            return strings[1];
        }

        Pointer policyString() {
            return strings[2];
        }

        Pointer application() {
            return strings[3];
        }

        Pointer result() {
            return strings[4];
        }

        Pointer keyUsage() {
            return strings[5];
        }

        @Override
        public void close() {
            for (Pointer key : strings) {
                Cf.release(key);
            }
        }
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
            return CertificateListing.of(certificateData(array));
        } finally {
            Cf.release(array);
        }
    }

    @Override
    public CertificateListing keychainCertificates() {
        Pointer query = CF.CFDictionaryCreateMutable(null, 0,
                CoreFoundation.LIBRARY.getGlobalVariableAddress("kCFTypeDictionaryKeyCallBacks"),
                CoreFoundation.LIBRARY.getGlobalVariableAddress("kCFTypeDictionaryValueCallBacks"));
        if (query == null) {
            throw new IllegalStateException("CFDictionaryCreateMutable failed");
        }
        Pointer result = null;
        try {
            NativeLibrary sec = SecurityFramework.LIBRARY;
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecClass"), Cf.constant(sec, "kSecClassCertificate"));
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecMatchLimit"), Cf.constant(sec, "kSecMatchLimitAll"));
            CF.CFDictionarySetValue(query, Cf.constant(sec, "kSecReturnRef"),
                    Cf.constant(CoreFoundation.LIBRARY, "kCFBooleanTrue"));
            PointerByReference resultOut = new PointerByReference();
            int status = SEC.SecItemCopyMatching(query, resultOut);
            result = resultOut.getValue();
            if (status != OsStatus.SUCCESS) {
                return CertificateListing.failed(status);
            }
            return CertificateListing.of(certificateData(result));
        } finally {
            Cf.release(result);
            Cf.release(query);
        }
    }

    @Override
    public TrustSettingsLookup trustSettings(byte[] der, TrustSettingsDomain domain) {
        // Trust settings are keyed by the certificate's hash, so a fresh reference to the same DER finds them.
        Pointer certificate = Cf.certificate(der);
        if (certificate == null) {
            return new TrustSettingsLookup.CertificateNotCreated();
        }
        Pointer settings = null;
        try (Keys keys = new Keys()) {
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
                return new TrustSettingsLookup.NotAnArray();
            }
            List<UsageConstraints> entries = new ArrayList<>();
            long count = CF.CFArrayGetCount(settings);
            for (long i = 0; i < count; i++) {
                Pointer element = CF.CFArrayGetValueAtIndex(settings, i);
                entries.add(Cf.isA(element, CF.CFDictionaryGetTypeID()) ? constraints(element, keys)
                        : UsageConstraints.notADictionary());
            }
            return TrustSettingsLookup.of(entries);
        } finally {
            Cf.release(settings);
            Cf.release(certificate);
        }
    }

    private static UsageConstraints constraints(Pointer dictionary, Keys keys) {
        return new UsageConstraints(true,
                policyOid(CF.CFDictionaryGetValue(dictionary, keys.policy())),
                value(CF.CFDictionaryGetValue(dictionary, keys.policyName())),
                CF.CFDictionaryContainsKey(dictionary, keys.policyString()) != 0,
                CF.CFDictionaryContainsKey(dictionary, keys.application()) != 0,
                value(CF.CFDictionaryGetValue(dictionary, keys.result())),
                value(CF.CFDictionaryGetValue(dictionary, keys.keyUsage())));
    }

    /** The OID of the SecPolicyRef stored under {@code kSecTrustSettingsPolicy}. */
    private static CfValue policyOid(Pointer policy) {
        if (policy == null) {
            return CfValue.ABSENT;
        }
        if (!Cf.isA(policy, SEC.SecPolicyGetTypeID())) {
            return CfValue.unreadable("is not a SecPolicyRef");
        }
        Pointer properties = SEC.SecPolicyCopyProperties(policy);
        try {
            String oid = properties == null ? null
                    : Cf.string(CF.CFDictionaryGetValue(properties, Cf.constant(SecurityFramework.LIBRARY,
                            "kSecPolicyOid")));
            return oid == null ? CfValue.unreadable("has no readable kSecPolicyOid") : CfValue.text(oid);
        } finally {
            Cf.release(properties);
        }
    }

    private static CfValue value(Pointer cf) {
        if (cf == null) {
            return CfValue.ABSENT;
        }
        if (Cf.isA(cf, CF.CFStringGetTypeID())) {
            String text = Cf.string(cf);
            return text == null ? CfValue.unreadable("is a CFString that cannot be converted") : CfValue.text(text);
        }
        if (Cf.isA(cf, CF.CFNumberGetTypeID())) {
            Long number = Cf.number(cf);
            return number == null ? CfValue.unreadable("is a CFNumber beyond 64 bits") : CfValue.number(number);
        }
        return CfValue.unreadable("is neither a CFString nor a CFNumber");
    }

    /** DER of each certificate in a CFArray ({@code null} elements where the data cannot be copied out). */
    private static List<byte[]> certificateData(Pointer array) {
        if (!Cf.isA(array, CF.CFArrayGetTypeID())) {
            return null;
        }
        long count = CF.CFArrayGetCount(array);
        List<byte[]> certificates = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            certificates.add(Cf.certificateBytes(CF.CFArrayGetValueAtIndex(array, i)));
        }
        return certificates;
    }
}
