package dev.systemtrust.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.systemtrust.SystemTrustProvider;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class SystemTrustSslBundleAutoConfigurationTest {
    private final ApplicationContextRunner context = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(SslAutoConfiguration.class, SystemTrustSslBundleAutoConfiguration.class));

    @Test
    void registersTheSystemTrustBundle() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            SslBundle bundle = started.getBean(SslBundles.class).getBundle(SystemTrustSslBundle.NAME);
            assertThat(bundle.getManagers().getTrustManagerFactory().getAlgorithm())
                    .isEqualTo(SystemTrustProvider.TRUST_MANAGER_FACTORY_ALGORITHM);
            assertThat(bundle.getManagers().getTrustManagerFactory().getProvider().getName())
                    .isEqualTo(SystemTrustProvider.NAME);
            assertThat(bundle.getStores().getTrustStore().getType())
                    .isEqualTo(SystemTrustProvider.KEYSTORE_TYPE);
            assertThat(bundle.getStores().getKeyStore()).isNull();
            assertThat(bundle.getProtocol()).isEqualTo("TLS");
        });
    }

    @Test
    void theTrustManagersHoldTheOsAnchorsAndTheContextBuilds() {
        context.run(started -> {
            SslBundle bundle = started.getBean(SslBundles.class).getBundle(SystemTrustSslBundle.NAME);
            X509TrustManager trust = (X509TrustManager) bundle.getManagers().getTrustManagers()[0];
            assertThat(trust.getAcceptedIssuers()).isNotEmpty();
            assertThat(bundle.getStores().getTrustStore().size()).isPositive();
            assertThat(bundle.createSslContext().getProtocol()).isEqualTo("TLS");
            assertThat(bundle.getManagers().getKeyManagers()).isNotEmpty();
        });
    }

    @Test
    void nothingIsRegisteredWithoutSpringBootsSslAutoConfiguration() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SystemTrustSslBundleAutoConfiguration.class))
                .run(started -> assertThat(started).doesNotHaveBean(SslBundles.class));
    }
}
