package dev.systemtrust.cli.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoProxyListTest {

    @Test
    void aNameMatchesItselfAndItsSubdomainsWhateverItsLeadingDot() {
        NoProxyList list = NoProxyList.of("example.com, .corp.local,*.internal ,");

        assertThat(list.matches("example.com", 443)).isTrue();
        assertThat(list.matches("api.example.com", 443)).isTrue();
        assertThat(list.matches("API.Example.COM.", 443)).isTrue();
        assertThat(list.matches("notexample.com", 443)).isFalse();
        assertThat(list.matches("corp.local", 443)).isTrue();
        assertThat(list.matches("git.corp.local", 443)).isTrue();
        assertThat(list.matches("x.internal", 443)).isTrue();
        assertThat(list.matches("example.org", 443)).isFalse();
    }

    @Test
    void starAloneMatchesEverythingAndEmptyMatchesNothing() {
        assertThat(NoProxyList.of("*").matches("anything.example", 1)).isTrue();
        assertThat(NoProxyList.of("").matches("localhost", 1)).isFalse();
        assertThat(NoProxyList.of(null).matches("localhost", 1)).isFalse();
    }

    @Test
    void addressesMatchExactlyOrByCidrBlockAndNamesAreNeverResolved() {
        NoProxyList list = NoProxyList.of("127.0.0.1,10.0.0.0/8,[::1],fd00::/8");

        assertThat(list.matches("127.0.0.1", 443)).isTrue();
        assertThat(list.matches("127.0.0.2", 443)).isFalse();
        assertThat(list.matches("10.200.3.4", 443)).isTrue();
        assertThat(list.matches("11.0.0.1", 443)).isFalse();
        assertThat(list.matches("::1", 443)).isTrue();
        assertThat(list.matches("fd12:3456::1", 443)).isTrue();
        assertThat(list.matches("localhost", 443)).as("no lookup of localhost").isFalse();
    }

    @Test
    void aPortLimitsTheEntryToThatPort() {
        NoProxyList list = NoProxyList.of("example.com:8443,[::1]:443");

        assertThat(list.matches("example.com", 8443)).isTrue();
        assertThat(list.matches("example.com", 443)).isFalse();
        assertThat(list.matches("::1", 443)).isTrue();
        assertThat(list.matches("::1", 8443)).isFalse();
    }
}
