package dev.systemtrust.agent;

import dev.systemtrust.Verification;
import java.util.Optional;

/**
 * The agent's argument: empty, or {@code verify=os} / {@code verify=anchors}.
 *
 * @param verification the verification asked for, or empty to leave {@code -Dsystemtrust.verify} (default anchors)
 */
record AgentOptions(Optional<Verification> verification) {

    static AgentOptions parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return new AgentOptions(Optional.empty());
        }
        Optional<Verification> verification = Optional.empty();
        for (String option : arguments.split(",")) {
            switch (option.trim()) {
                case "verify=os":
                    verification = Optional.of(Verification.OS);
                    break;
                case "verify=anchors":
                    verification = Optional.of(Verification.ANCHORS);
                    break;
                default:
                    throw new IllegalArgumentException("SystemTrust agent: unknown option '" + option
                            + "'; use verify=os or verify=anchors");
            }
        }
        return new AgentOptions(verification);
    }
}
