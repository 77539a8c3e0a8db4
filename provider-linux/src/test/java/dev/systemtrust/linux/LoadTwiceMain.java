package dev.systemtrust.linux;

import dev.systemtrust.SystemTrustProvider;
import java.security.KeyStore;

/** Loads the SystemTrust KeyStore twice (a read, then a cached load) and prints the sizes; run in a child JVM. */
public final class LoadTwiceMain {
    private LoadTwiceMain() {
    }

    public static void main(String[] args) throws Exception {
        SystemTrustProvider provider = new SystemTrustProvider();
        for (int i = 0; i < 2; i++) {
            KeyStore store = KeyStore.getInstance("SystemTrust", provider);
            store.load(null, null);
            System.out.println("SIZE " + store.size());
        }
    }
}
