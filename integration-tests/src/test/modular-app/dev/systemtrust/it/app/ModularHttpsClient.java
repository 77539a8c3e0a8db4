package dev.systemtrust.it.app;

import dev.systemtrust.SystemTrustProvider;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Security;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fetches a URL over HTTPS. Mode {@code api}: registers the provider and builds an SSLContext from
 * {@code TrustManagerFactory.getInstance("SystemTrust")}. Mode {@code default}: no SystemTrust code, the JVM's
 * configuration chooses (security properties naming the provider, {@code javax.net.ssl.trustStoreType}).
 * Prints {@code OK <body>} and exits 0, or {@code FAIL <exception chain>} and exits 3; on standard error, the
 * modules that the application and the provider were loaded from.
 */
public final class ModularHttpsClient {
    private ModularHttpsClient() {
    }

    public static void main(String[] args) {
        System.err.println("MODULES " + ModularHttpsClient.class.getModule().getName() + " "
                + SystemTrustProvider.class.getModule().getName());
        try {
            HttpsURLConnection connection = (HttpsURLConnection) new URL(args[1]).openConnection();
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            if (args[0].equals("api")) {
                Security.addProvider(new SystemTrustProvider());
                TrustManagerFactory factory = TrustManagerFactory.getInstance("SystemTrust");
                factory.init((KeyStore) null);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), null);
                connection.setSSLSocketFactory(context.getSocketFactory());
            }
            try (InputStream in = connection.getInputStream()) {
                System.out.println("OK " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
            }
            System.exit(0);
        } catch (Exception e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
            }
            System.out.println("FAIL " + chain);
            System.exit(3);
        }
    }
}
