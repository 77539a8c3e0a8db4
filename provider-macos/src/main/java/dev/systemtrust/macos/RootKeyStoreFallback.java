package dev.systemtrust.macos;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/** Where the backend turns when Security.framework cannot be used through JNA. */
public interface RootKeyStoreFallback {

    /** Names the fallback in reports and logs. */
    String location();

    /** The certificates the fallback considers trusted roots. */
    List<X509Certificate> load() throws GeneralSecurityException, IOException;
}
