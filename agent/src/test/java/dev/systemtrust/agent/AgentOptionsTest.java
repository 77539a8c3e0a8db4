package dev.systemtrust.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.systemtrust.Verification;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void parsesTheVerifyOption() {
        assertThat(AgentOptions.parse(null).verification()).isEmpty();
        assertThat(AgentOptions.parse("").verification()).isEmpty();
        assertThat(AgentOptions.parse("verify=os").verification()).contains(Verification.OS);
        assertThat(AgentOptions.parse("verify=os, verify=anchors").verification()).contains(Verification.ANCHORS);
    }

    @Test
    void unknownOptionsAreRefusedLoudly() {
        assertThatThrownBy(() -> AgentOptions.parse("verify=maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verify=maybe");
    }
}
