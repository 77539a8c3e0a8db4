package dev.systemtrust.it.distro;

import dev.systemtrust.SystemTrustProvider;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Security;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;

/**
 * Child-JVM entry point: prints {@code ANCHOR <sha-256>} for every entry of the SystemTrust key store, or
 * {@code ERROR <message>} and exits 2 when loading fails, so the parent test sees exactly what a real
 * application on that file system would get.
 */
public final class AnchorProbe {
    private AnchorProbe() {
    }

    public static void main(String[] args) throws Exception {
        Security.addProvider(new SystemTrustProvider());
        KeyStore store = KeyStore.getInstance(SystemTrustProvider.KEYSTORE_TYPE);
        try {
            store.load(null, null);
        } catch (Exception e) {
            System.out.println("ERROR " + e.getMessage().replace('\n', ' '));
            System.exit(2);
        }
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (String alias : Collections.list(store.aliases())) {
            Certificate certificate = store.getCertificate(alias);
            System.out.println("ANCHOR " + HexFormat.of().formatHex(sha256.digest(certificate.getEncoded())));
        }
    }
}
