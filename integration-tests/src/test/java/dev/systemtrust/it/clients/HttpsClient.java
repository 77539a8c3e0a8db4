package dev.systemtrust.it.clients;

import dev.systemtrust.SystemTrust;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Security;
import java.time.Duration;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An ordinary HTTPS client, as applications write them: no SystemTrust code unless the mode says so.
 * Prints {@code OK <body>} and exits 0, or {@code FAIL <exception chain>} and exits 3.
 *
 * <p>Modes: {@code urlconnection}, {@code httpclient}, {@code okhttp}, {@code apache} use the default SSLContext;
 * {@code keystore-by-name} loads {@code KeyStore.getInstance("SystemTrust")} (provider registered by the JVM's
 * configuration); {@code programmatic} registers the provider in code first; {@code systemtrust-sslcontext} uses
 * {@code SystemTrust.sslContext()}.
 */
public final class HttpsClient {
    private HttpsClient() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        String url = args[1];
        try {
            String body = switch (mode) {
                case "urlconnection" -> urlConnection(url, null);
                case "httpclient" -> httpClient(url);
                case "okhttp" -> okHttp(url);
                case "apache" -> apache(url);
                case "keystore-by-name" -> urlConnection(url, contextFrom(KeyStore.getInstance("SystemTrust")));
                case "programmatic" -> {
                    Security.addProvider(new dev.systemtrust.SystemTrustProvider());
                    yield urlConnection(url, contextFrom(KeyStore.getInstance("SystemTrust")));
                }
                case "systemtrust-sslcontext" -> urlConnection(url, SystemTrust.sslContext());
                default -> throw new IllegalArgumentException("unknown mode " + mode);
            };
            PlainHttpsClient.succeed(body);
        } catch (Exception e) {
            PlainHttpsClient.fail(e);
        }
    }

    private static SSLContext contextFrom(KeyStore store) throws Exception {
        store.load(null, null);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    static String urlConnection(String url, SSLContext context) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) new URL(url).openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        if (context != null) {
            connection.setSSLSocketFactory(context.getSocketFactory());
        }
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String httpClient(String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String okHttp(String url) throws Exception {
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient.Builder()
                .callTimeout(Duration.ofSeconds(10)).build();
        try (okhttp3.Response response = client.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
            return response.body().string();
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private static String apache(String url) throws Exception {
        try (CloseableHttpClient client = HttpClients.createSystem()) {
            return client.execute(new HttpGet(url), response -> EntityUtils.toString(response.getEntity()));
        }
    }
}
