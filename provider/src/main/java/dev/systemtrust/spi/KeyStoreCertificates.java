package dev.systemtrust.spi;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The X.509 certificates of a loaded KeyStore, in alias order. */
public final class KeyStoreCertificates {
    private KeyStoreCertificates() {
    }

    public static List<X509Certificate> all(KeyStore store) throws KeyStoreException {
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
