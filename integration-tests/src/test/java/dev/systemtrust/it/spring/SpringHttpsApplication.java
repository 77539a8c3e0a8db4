package dev.systemtrust.it.spring;

import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientSsl;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientSsl;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An ordinary Spring Boot application calling a URL with the auto-configured {@code RestClient.Builder} and
 * {@code WebClient.Builder} (Reactor Netty). Mode {@code bundle}: both builders get the SSL bundle "systemtrust"
 * the way Spring Boot documents it ({@code RestClientSsl}/{@code WebClientSsl.fromBundle}). Mode {@code default}:
 * the builders as they come (only an agent or JVM configuration can change their trust).
 * Prints {@code RESTCLIENT OK <body>} or {@code RESTCLIENT FAIL <exception chain>}, the same for
 * {@code WEBCLIENT}; exits 0 when both succeeded, else 3.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SpringHttpsApplication {

    public static void main(String[] args) {
        String mode = args[0];
        String url = args[1];
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SpringHttpsApplication.class)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run();
        RestClient.Builder rest = context.getBean(RestClient.Builder.class);
        WebClient.Builder web = context.getBean(WebClient.Builder.class);
        if (mode.equals("bundle")) {
            rest.apply(context.getBean(RestClientSsl.class).fromBundle("systemtrust"));
            web.apply(context.getBean(WebClientSsl.class).fromBundle("systemtrust"));
        }
        boolean restOk = report("RESTCLIENT", () -> rest.build().get().uri(url).retrieve().body(String.class));
        boolean webOk = report("WEBCLIENT", () -> web.build().get().uri(url).retrieve().bodyToMono(String.class)
                .block(Duration.ofSeconds(20)));
        context.close();
        System.exit(restOk && webOk ? 0 : 3);
    }

    private static boolean report(String client, Supplier<String> call) {
        try {
            System.out.println(client + " OK " + call.get().strip());
            return true;
        } catch (RuntimeException e) {
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
            }
            System.out.println(client + " FAIL " + chain);
            return false;
        }
    }
}
