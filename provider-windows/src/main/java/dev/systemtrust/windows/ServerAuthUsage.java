package dev.systemtrust.windows;

import dev.systemtrust.windows.CertificateStores.EnhancedKeyUsage;

/** Whether a root's enhanced key usage allows TLS server authentication; {@code null} means yes, else why not. */
final class ServerAuthUsage {
    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

    private ServerAuthUsage() {
    }

    static String refusal(EnhancedKeyUsage usage) {
        switch (usage.kind()) {
            case ALL_USES:
                return null;
            case NO_USES:
                return "enhanced key usage allows no purpose";
            case LISTED:
                return usage.oids().contains(SERVER_AUTH) || usage.oids().contains(ANY_EXTENDED_KEY_USAGE) ? null
                        : "enhanced key usage " + usage.oids() + " lacks serverAuth";
            case ERROR:
                return "CertGetEnhancedKeyUsage failed (" + WindowsErrors.describe(usage.errorCode())
                        + "): not trusted without an answer";
            default:
                throw new IllegalStateException("unknown usage kind " + usage.kind());
        }
    }
}
