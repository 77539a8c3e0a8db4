package dev.systemtrust.spi;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/** A JDK KeyStore a native backend falls back to when the OS API cannot be used at all. */
public interface RootStoreFallback {

    /** Names the fallback in reports and logs. */
    String location();

    /** The certificates the fallback considers trusted roots. */
    List<X509Certificate> load() throws GeneralSecurityException, IOException;
}
