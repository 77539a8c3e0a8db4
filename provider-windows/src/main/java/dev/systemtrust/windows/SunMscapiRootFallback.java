package dev.systemtrust.windows;

import dev.systemtrust.spi.KeyStoreCertificates;
import dev.systemtrust.spi.RootStoreFallback;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
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
        return KeyStoreCertificates.all(store);
    }
}
