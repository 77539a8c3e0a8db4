package dev.systemtrust.it.clients;

import dev.systemtrust.AliasAssigner;
import dev.systemtrust.SystemTrustProvider;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;

/** Prints {@code ANCHOR <sha256>} for every entry of the SystemTrust KeyStore, or {@code ERROR <message>}. */
public final class PrintAnchors {
    private PrintAnchors() {
    }

    public static void main(String[] args) throws Exception {
        KeyStore store = KeyStore.getInstance("SystemTrust", new SystemTrustProvider());
        try {
            store.load(null, null);
        } catch (IOException e) {
            System.out.println("ERROR " + e.getMessage().replace('\n', '|'));
            System.exit(1);
        }
        for (String alias : Collections.list(store.aliases())) {
            System.out.println("ANCHOR " + AliasAssigner.sha256Hex((X509Certificate) store.getCertificate(alias)));
        }
    }
}
