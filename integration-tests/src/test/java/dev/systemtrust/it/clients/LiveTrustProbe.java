package dev.systemtrust.it.clients;

import dev.systemtrust.SystemTrust;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * A long-running HTTPS client whose trust must follow the OS store: it is started once and never restarts or
 * builds another {@code SSLContext}. It makes the default {@code SSLContext} (what {@code -javaagent} installed)
 * and one {@link SystemTrust#sslContext()} at start, prints {@code READY}, then reads commands from stdin:
 * {@code probe} makes one request to the URL (its first argument) through each context and prints one line per
 * attempt, {@code default OK <body>} or {@code default FAIL <causes>}, then the same for {@code systemtrust};
 * {@code quit} exits. Run it with {@code -Dhttp.keepAlive=false} so every attempt is a new connection.
 */
public final class LiveTrustProbe {
    private LiveTrustProbe() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        SSLContext systemTrust = SystemTrust.sslContext();
        SSLContext.getDefault();
        System.out.println("READY");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String command = commands.readLine(); command != null; command = commands.readLine()) {
            switch (command.strip()) {
                case "probe" -> {
                    attempt("default", url, null);
                    attempt("systemtrust", url, systemTrust);
                }
                case "quit" -> {
                    return;
                }
                default -> System.out.println("UNKNOWN " + command);
            }
        }
    }

    private static void attempt(String name, String url, SSLContext context) {
        try {
            System.out.println(name + " OK " + HttpsClient.urlConnection(url, context).strip());
        } catch (Exception e) {
            System.out.println(name + " FAIL " + PlainHttpsClient.causeChain(e));
        }
    }
}
