package dev.systemtrust.it.clients;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;

/**
 * An application that knows nothing of SystemTrust: JDK classes only, default SSLContext. Run with nothing but
 * its own class on the class path, so only an agent or JVM configuration can change what it trusts.
 * Prints {@code OK <body>} and exits 0, or {@code FAIL <exception chain>} and exits 3.
 */
public final class PlainHttpsClient {
    private PlainHttpsClient() {
    }

    public static void main(String[] args) {
        try {
            String body;
            if (args[0].equals("httpclient")) {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                body = client.send(HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } else {
                HttpsURLConnection connection = (HttpsURLConnection) new URL(args[1]).openConnection();
                connection.setConnectTimeout(10_000);
                connection.setReadTimeout(10_000);
                try (InputStream in = connection.getInputStream()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            succeed(body);
        } catch (Exception e) {
            fail(e);
        }
    }

    static void succeed(String body) {
        System.out.println("OK " + body.strip());
        System.exit(0);
    }

    /** Prints the whole cause chain, so a test can tell a certificate failure from any other. */
    static void fail(Exception e) {
        System.out.println("FAIL " + causeChain(e));
        System.exit(3);
    }

    /** Every exception of the cause chain with its message, on one line. */
    static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
        }
        return chain.toString().replace('\n', ' ');
    }
}
