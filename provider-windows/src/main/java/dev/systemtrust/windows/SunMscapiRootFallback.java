package dev.systemtrust.windows;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The JDK's own SunMSCAPI {@code Windows-ROOT} KeyStore: the current user's view of ROOT, without Disallowed. */
final class SunMscapiRootFallback implements RootStoreFallback {
    static final String TYPE = "Windows-ROOT";

    @Override
    public String location() {
        return "JDK KeyStore " + TYPE + " (SunMSCAPI)";
    }

    @Override
    public List<X509Certificate> load() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(TYPE);
        store.load(null, null);
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            if (certificate instanceof X509Certificate x509) {
                certificates.add(x509);
            }
        }
        return certificates;
    }
}
