package dev.systemtrust.cli.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckArgumentsTest {

    @Test
    void urlsAndHostPortFormsGiveHostAndPort() throws Exception {
        assertThat(CheckTarget.parse("https://example.com/path?q=1")).isEqualTo(new CheckTarget("example.com", 443));
        assertThat(CheckTarget.parse("https://user@example.com:8443/")).isEqualTo(new CheckTarget("example.com", 8443));
        assertThat(CheckTarget.parse("HTTPS://Example.com")).isEqualTo(new CheckTarget("Example.com", 443));
        assertThat(CheckTarget.parse("example.com")).isEqualTo(new CheckTarget("example.com", 443));
        assertThat(CheckTarget.parse("10.1.2.3:636")).isEqualTo(new CheckTarget("10.1.2.3", 636));
        assertThat(CheckTarget.parse("[::1]:8443")).isEqualTo(new CheckTarget("::1", 8443));
        assertThat(CheckTarget.parse("https://[2001:db8::1]/")).isEqualTo(new CheckTarget("2001:db8::1", 443));
        assertThat(new CheckTarget("::1", 8443).authority()).isEqualTo("[::1]:8443");
    }

    @Test
    void whatIsNotAnHttpsServerIsAUsageErrorSayingWhatWasExpected() {
        assertThatThrownBy(() -> CheckTarget.parse("http://example.com")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not http://");
        assertThatThrownBy(() -> CheckTarget.parse("example.com:0")).hasMessageContaining("not a TCP port");
        assertThatThrownBy(() -> CheckTarget.parse("example.com:https")).hasMessageContaining("not a TCP port");
        assertThatThrownBy(() -> CheckTarget.parse("::1")).hasMessageContaining("[::1]:443");
        assertThatThrownBy(() -> CheckTarget.parse("[::1")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> CheckTarget.parse(" ")).hasMessageContaining("needs an https URL");
        assertThatThrownBy(() -> CheckTarget.parse("https:///x")).hasMessageContaining("no host");
    }

    @Test
    void optionsComeInAnyOrderWithSpaceOrEquals() throws Exception {
        CheckOptions options = CheckOptions.parse(List.of("--timeout=3", "localhost:8443", "--json",
                "--proxy", "proxy.corp:3128"));

        assertThat(options).isEqualTo(new CheckOptions(new CheckTarget("localhost", 8443), true, "proxy.corp:3128",
                Duration.ofSeconds(3)));
        assertThat(CheckOptions.parse(List.of("example.com")).timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThatThrownBy(() -> CheckOptions.parse(List.of())).hasMessageContaining("needs a server");
        assertThatThrownBy(() -> CheckOptions.parse(List.of("a", "b"))).hasMessageContaining("one server");
        assertThatThrownBy(() -> CheckOptions.parse(List.of("a", "--verbose"))).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> CheckOptions.parse(List.of("a", "--proxy"))).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CheckOptions.parse(List.of("a", "--timeout", "0"))).hasMessageContaining("1 to 600");
        assertThatThrownBy(() -> CheckOptions.parse(List.of("a", "--timeout=ten"))).hasMessageContaining("'ten'");
    }
}
