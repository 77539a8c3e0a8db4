package dev.systemtrust.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void parsesTheVerifyOption() {
        assertThat(AgentOptions.parse(null).verifyWithOs()).isFalse();
        assertThat(AgentOptions.parse("").verifyWithOs()).isFalse();
        assertThat(AgentOptions.parse("verify=os").verifyWithOs()).isTrue();
        assertThat(AgentOptions.parse("verify=os, verify=anchors").verifyWithOs()).isFalse();
    }

    @Test
    void unknownOptionsAreRefusedLoudly() {
        assertThatThrownBy(() -> AgentOptions.parse("verify=maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verify=maybe");
    }
}
