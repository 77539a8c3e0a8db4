package dev.systemtrust.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.context.annotation.Bean;

/**
 * Registers the SSL bundle {@value SystemTrustSslBundle#NAME} through Spring Boot's own extension point (an
 * {@link SslBundleRegistrar} bean, collected by {@link SslAutoConfiguration}), so that
 * {@code spring.ssl.bundle}-aware clients and {@code SslBundles.getBundle("systemtrust")} get the operating
 * system's trust store.
 *
 * <p>Nothing is read while the application context starts: the OS store is read when a client first builds an
 * {@code SSLContext} from the bundle.
 */
@AutoConfiguration(before = SslAutoConfiguration.class)
@ConditionalOnClass(SslBundleRegistrar.class)
public class SystemTrustSslBundleAutoConfiguration {

    /** Creates the auto-configuration; Spring Boot does this when the jar is on the class path. */
    public SystemTrustSslBundleAutoConfiguration() {
    }

    /**
     * The registrar adding the {@value SystemTrustSslBundle#NAME} bundle.
     *
     * @return a registrar that Spring Boot's {@code SslAutoConfiguration} calls once
     */
    @Bean
    public SslBundleRegistrar systemTrustSslBundleRegistrar() {
        return registry -> registry.registerBundle(SystemTrustSslBundle.NAME, SystemTrustSslBundle.create());
    }
}
