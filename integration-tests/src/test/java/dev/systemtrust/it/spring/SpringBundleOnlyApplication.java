package dev.systemtrust.it.spring;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A Spring Boot application using only APIs that Spring Boot 3.1+ and 4.0 share: the {@code SslBundles} bean's
 * "systemtrust" bundle becomes the SSLContext of a {@code RestClient} on the JDK's HttpClient. Prints
 * {@code BOOT <version>} on standard error, then {@code RESTCLIENT OK <body>} and exits 0, or
 * {@code RESTCLIENT FAIL <exception chain>} and exits 3.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SpringBundleOnlyApplication {

    public static void main(String[] args) {
        System.err.println("BOOT " + SpringBootVersion.getVersion());
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringBundleOnlyApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run();
        try {
            SSLContext tls = context.getBean(SslBundles.class).getBundle("systemtrust").createSslContext();
            RestClient client = RestClient.builder()
                    .requestFactory(new JdkClientHttpRequestFactory(HttpClient.newBuilder().sslContext(tls).build()))
                    .build();
            System.out.println("RESTCLIENT OK " + client.get().uri(args[0]).retrieve().body(String.class).strip());
            System.exit(0);
        } catch (RuntimeException e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
            }
            System.out.println("RESTCLIENT FAIL " + chain);
            System.exit(3);
        }
    }
}
