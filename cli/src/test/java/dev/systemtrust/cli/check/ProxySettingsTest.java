package dev.systemtrust.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {
    private static final CheckTarget SERVER = new CheckTarget("api.example.com", 443);

    private static ProxyRoute route(Map<String, String> environment, Map<String, String> properties, String option)
            throws UsageException {
        return new ProxySettings(environment, properties::get).routeTo(SERVER, option);
    }

    private static Optional<String> proxy(ProxyRoute route) {
        return route.proxy().map(ProxyRoute.Proxy::address);
    }

    @Test
    void noSettingMeansDirect() throws Exception {
        ProxyRoute route = route(Map.of(), Map.of(), null);

        assertThat(route.proxy()).isEmpty();
        assertThat(route.describe()).startsWith("direct (no proxy set");
    }

    @Test
    void theOptionBeatsJvmPropertiesWhichBeatTheEnvironment() throws Exception {
        Map<String, String> environment = Map.of("HTTPS_PROXY", "http://env.corp:3128");
        Map<String, String> properties = Map.of("https.proxyHost", "jvm.corp", "https.proxyPort", "8080");

        assertThat(proxy(route(environment, Map.of(), null))).contains("env.corp:3128");
        assertThat(route(environment, Map.of(), null).reason()).isEqualTo("HTTPS_PROXY");
        assertThat(proxy(route(environment, properties, null))).contains("jvm.corp:8080");
        assertThat(route(environment, properties, null).reason()).isEqualTo("-Dhttps.proxyHost");
        assertThat(proxy(route(environment, properties, "cli.corp:1080"))).contains("cli.corp:1080");
        assertThat(route(environment, properties, "none").proxy()).isEmpty();
        assertThat(route(environment, properties, "DIRECT").reason()).isEqualTo("--proxy DIRECT");
    }

    @Test
    void lowerCaseVariablesWinAsInCurl() throws Exception {
        Map<String, String> environment = Map.of("https_proxy", "lower:1", "HTTPS_PROXY", "upper:2",
                "no_proxy", "other.com", "NO_PROXY", "example.com");

        assertThat(proxy(route(environment, Map.of(), null))).contains("lower:1");
        assertThat(route(environment, Map.of(), null).reason()).isEqualTo("https_proxy");
    }

    @Test
    void noProxyBypassesTheEnvironmentProxyButNotAnExplicitOne() throws Exception {
        Map<String, String> environment = Map.of("HTTPS_PROXY", "env.corp:3128", "NO_PROXY", "localhost,.example.com");

        ProxyRoute bypassed = route(environment, Map.of(), null);
        assertThat(bypassed.proxy()).isEmpty();
        assertThat(bypassed.reason()).isEqualTo("HTTPS_PROXY is set, but NO_PROXY matches api.example.com");
        assertThat(proxy(route(environment, Map.of(), "cli.corp:3128"))).contains("cli.corp:3128");
    }

    @Test
    void jvmProxyFollowsTheJdksNonProxyHostsIncludingItsLoopbackDefault() throws Exception {
        ProxySettings settings = new ProxySettings(Map.of(), Map.of("https.proxyHost", "jvm.corp")::get);
        assertThat(settings.routeTo(new CheckTarget("localhost", 8443), null).proxy()).isEmpty();
        assertThat(settings.routeTo(new CheckTarget("127.0.0.1", 8443), null).proxy()).isEmpty();
        assertThat(settings.routeTo(SERVER, null).proxy().map(ProxyRoute.Proxy::address)).contains("jvm.corp:443");

        ProxySettings nothingExcluded = new ProxySettings(Map.of(),
                Map.of("https.proxyHost", "jvm.corp", "http.nonProxyHosts", "")::get);
        assertThat(nothingExcluded.routeTo(new CheckTarget("localhost", 8443), null).proxy()).isPresent();

        ProxySettings wildcard = new ProxySettings(Map.of(),
                Map.of("https.proxyHost", "jvm.corp", "http.nonProxyHosts", "*.example.com|intranet*")::get);
        assertThat(wildcard.routeTo(SERVER, null).proxy()).isEmpty();
        assertThat(wildcard.routeTo(new CheckTarget("intranet.local", 443), null).proxy()).isEmpty();
        assertThat(wildcard.routeTo(new CheckTarget("localhost", 443), null).proxy()).as("defaults appended")
                .isEmpty();
        assertThat(wildcard.routeTo(new CheckTarget("example.org", 443), null).proxy()).isPresent();
    }

    @Test
    void proxyUrlsCarryCredentialsAndDefaultToPort80() throws Exception {
        ProxyRoute.Proxy proxy = ProxySettings.parse("http://us%40er:p%3Ass@proxy.corp:3128/", "HTTPS_PROXY");
        assertThat(proxy).isEqualTo(new ProxyRoute.Proxy("proxy.corp", 3128, "us@er:p:ss"));
        assertThat(ProxySettings.parse("proxy.corp", "--proxy"))
                .isEqualTo(new ProxyRoute.Proxy("proxy.corp", 80, null));
        assertThat(ProxySettings.parse("[::1]:3128", "--proxy")).isEqualTo(new ProxyRoute.Proxy("::1", 3128, null));
        assertThat(ProxySettings.parse("http://user:secret@proxy.corp:3128", "--proxy").address())
                .isEqualTo("proxy.corp:3128");
    }

    @Test
    void proxiesThatDoNotSpeakPlainHttpConnectAreUsageErrors() {
        assertThatThrownBy(() -> ProxySettings.parse("socks5://proxy:1080", "ALL_PROXY"))
                .hasMessageContaining("only http:// proxies").hasMessageContaining("socks5://");
        assertThatThrownBy(() -> ProxySettings.parse("https://proxy:443", "HTTPS_PROXY"))
                .hasMessageContaining("not https://");
        assertThatThrownBy(() -> ProxySettings.parse("proxy:99999", "--proxy")).hasMessageContaining("TCP port");
        assertThatThrownBy(() -> ProxySettings.parse("http://:3128", "--proxy")).hasMessageContaining("no proxy host");
    }

    @Test
    void aPasswordInTheProxySettingNeverAppearsInAMessage() {
        assertThatThrownBy(() -> ProxySettings.parse("socks5://alice:s3cret@proxy:1080", "HTTPS_PROXY"))
                .hasMessage("HTTPS_PROXY=socks5://***@proxy:1080: only http:// proxies (HTTP CONNECT) are supported, "
                        + "not socks5://");
        assertThatThrownBy(() -> ProxySettings.parse("alice:s3cret@[::1", "--proxy"))
                .hasMessage("--proxy=***@[::1: unclosed [");
    }
}
