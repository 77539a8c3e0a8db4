package dev.systemtrust.windows;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/** What the backend falls back to when crypt32 cannot be used at all. */
interface RootStoreFallback {

    /** Names the fallback in reports and logs. */
    String location();

    /** The certificates the fallback considers trusted roots. */
    List<X509Certificate> load() throws GeneralSecurityException, IOException;
}
