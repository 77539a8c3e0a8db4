package dev.systemtrust.windows;

import static dev.systemtrust.windows.WincryptConstants.CERT_DISALLOWED_CA_FILETIME_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_DISALLOWED_FILETIME_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID;
import static dev.systemtrust.windows.WincryptConstants.CERT_NOT_BEFORE_FILETIME_PROP_ID;

import dev.systemtrust.spi.ServerAuthPurpose;
import dev.systemtrust.windows.CertificateStores.PropertyRead;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Microsoft's partial distrust of a root, from the certificate context properties Windows sets on AuthRoot entries
 * and {@code CertGetEnhancedKeyUsage} does not apply:
 * <ul>
 * <li>{@code CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID} (purposes no longer trusted) with
 * {@code CERT_DISALLOWED_FILETIME_PROP_ID} (from when; a date without a list disallows every purpose): once in
 * effect for serverAuth, the root is distrusted for TLS servers, as Windows treats it;</li>
 * <li>{@code CERT_NOT_BEFORE_FILETIME_PROP_ID} with {@code CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID} (no list: every
 * purpose): Windows rejects certificates issued under the root after that date but keeps older ones.</li>
 * <li>{@code CERT_DISALLOWED_CA_FILETIME_PROP_ID} (128; in Microsoft's current wincrypt.h, not in mingw-w64's): a
 * date after which Microsoft no longer trusts the root as a certification authority (the chain engine's
 * {@code CERT_TRUST_BEFORE_DISALLOWED_CA_FILETIME} info bit marks certificates issued before it). Microsoft
 * publishes no more than the name, the id and that chain bit: neither its exact format nor which purposes it
 * covers. It is therefore read the narrowest way: present at all, with any value, for any purpose, the root is
 * not an anchor (like a not-before date), and unreadable it keeps the root out too.</li>
 * </ul>
 * A KeyStore anchor cannot carry a date, so a serverAuth restriction by date (a future disallow date, a not-before
 * date, a disallowed-CA date) keeps the root out of the anchors: narrower than Windows, never wider. The OS verifier
 * ({@code TrustManagerFactory "SystemTrust"}) applies Windows' own rule. A property that cannot be read or decoded
 * also keeps the root out.
 */
final class PartialDistrustRule {

    enum Kind {
        /** No restriction for TLS servers. */
        NONE,
        /** Windows no longer trusts the root for TLS servers: distrusted, like a Disallowed entry. */
        DISTRUSTED,
        /** Trusted by Windows only within dates a KeyStore cannot express, or unreadable: not an anchor. */
        RESTRICTED
    }

    record Verdict(Kind kind, String detail) {
        static final Verdict NONE = new Verdict(Kind.NONE, "");
    }

    private PartialDistrustRule() {
    }

    static Verdict decide(Map<Integer, PropertyRead> properties, Instant now) {
        List<String> disallowedUsages;
        Instant disallowedFrom;
        Instant notBefore;
        List<String> notBeforeUsages;
        byte[] disallowedAsCa;
        try {
            disallowedUsages = usages(properties, CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID);
            disallowedFrom = time(properties, CERT_DISALLOWED_FILETIME_PROP_ID);
            notBefore = time(properties, CERT_NOT_BEFORE_FILETIME_PROP_ID);
            notBeforeUsages = usages(properties, CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID);
            disallowedAsCa = value(properties, CERT_DISALLOWED_CA_FILETIME_PROP_ID);
        } catch (UnreadableProperty e) {
            return new Verdict(Kind.RESTRICTED, e.getMessage());
        }
        boolean disallowed = disallowedUsages != null ? coversServerAuth(disallowedUsages) : disallowedFrom != null;
        if (disallowed) {
            String what = "Microsoft disallows this root for serverAuth"
                    + (disallowedUsages == null ? " (every purpose)" : " (disallowed usages " + disallowedUsages + ")");
            if (disallowedFrom == null || !now.isBefore(disallowedFrom)) {
                return new Verdict(Kind.DISTRUSTED, what + (disallowedFrom == null ? "" : " since " + disallowedFrom));
            }
            return new Verdict(Kind.RESTRICTED, what + " from " + disallowedFrom
                    + ": a KeyStore anchor cannot end at a date");
        }
        if (disallowedAsCa != null) {
            return new Verdict(Kind.RESTRICTED, "Microsoft disallows this root as a CA for certificates issued after "
                    + caDate(disallowedAsCa) + " (CERT_DISALLOWED_CA_FILETIME_PROP_ID, whose exact meaning Microsoft "
                    + "does not document): a KeyStore anchor cannot express that");
        }
        if (notBefore != null && (notBeforeUsages == null || coversServerAuth(notBeforeUsages))) {
            return new Verdict(Kind.RESTRICTED, "Windows trusts this root for serverAuth only for certificates "
                    + "issued before " + notBefore + (notBeforeUsages == null ? "" : " (usages " + notBeforeUsages + ")")
                    + ": a KeyStore anchor cannot express that");
        }
        if (notBefore == null && notBeforeUsages != null && coversServerAuth(notBeforeUsages)) {
            return new Verdict(Kind.RESTRICTED, "a not-before usage list " + notBeforeUsages
                    + " without its date: cannot tell what Windows allows");
        }
        return Verdict.NONE;
    }

    /** The date as a FILETIME if it is one; its format is not documented, so anything else is only named. */
    private static String caDate(byte[] value) {
        try {
            return Filetime.decode(value).toString();
        } catch (IllegalArgumentException e) {
            return "a date it holds in an unknown form (" + value.length + " bytes)";
        }
    }

    /** An empty list is read as covering everything: what it would restrict cannot be told. */
    private static boolean coversServerAuth(List<String> usages) {
        return usages.isEmpty() || ServerAuthPurpose.allows(usages);
    }

    private static byte[] value(Map<Integer, PropertyRead> properties, int id) {
        PropertyRead read = properties.get(id);
        if (read == null) {
            throw new UnreadableProperty(name(id) + " was not read: not trusted without an answer");
        }
        if (read.present()) {
            return read.value();
        }
        if (read.lastError() == WincryptConstants.CRYPT_E_NOT_FOUND) {
            return null;
        }
        throw new UnreadableProperty("reading " + name(id) + " failed (" + WindowsErrors.describe(read.lastError())
                + "): not trusted without an answer");
    }

    private static List<String> usages(Map<Integer, PropertyRead> properties, int id) {
        byte[] value = value(properties, id);
        try {
            return value == null ? null : EkuEncoding.decode(value);
        } catch (IllegalArgumentException e) {
            throw new UnreadableProperty(name(id) + " is not a usage list (" + e.getMessage() + ")");
        }
    }

    private static Instant time(Map<Integer, PropertyRead> properties, int id) {
        byte[] value = value(properties, id);
        try {
            return value == null ? null : Filetime.decode(value);
        } catch (IllegalArgumentException e) {
            throw new UnreadableProperty(name(id) + " is not a date (" + e.getMessage() + ")");
        }
    }

    static String name(int id) {
        switch (id) {
            case CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID:
                return "CERT_DISALLOWED_ENHKEY_USAGE_PROP_ID";
            case CERT_DISALLOWED_FILETIME_PROP_ID:
                return "CERT_DISALLOWED_FILETIME_PROP_ID";
            case CERT_NOT_BEFORE_FILETIME_PROP_ID:
                return "CERT_NOT_BEFORE_FILETIME_PROP_ID";
            case CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID:
                return "CERT_NOT_BEFORE_ENHKEY_USAGE_PROP_ID";
            case CERT_DISALLOWED_CA_FILETIME_PROP_ID:
                return "CERT_DISALLOWED_CA_FILETIME_PROP_ID";
            default:
                return "property " + id;
        }
    }

    /** A property that leaves the decision unknown; its message says which and why. */
    private static final class UnreadableProperty extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableProperty(String message) {
            super(message, null, false, false);
        }
    }
}
