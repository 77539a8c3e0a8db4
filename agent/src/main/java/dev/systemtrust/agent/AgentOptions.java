package dev.systemtrust.agent;

/**
 * The agent's argument: empty, or {@code verify=os} / {@code verify=anchors} (the default).
 *
 * @param verifyWithOs whether TrustManagerFactory SystemTrust becomes the default algorithm
 */
record AgentOptions(boolean verifyWithOs) {

    static AgentOptions parse(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return new AgentOptions(false);
        }
        boolean verifyWithOs = false;
        for (String option : arguments.split(",")) {
            switch (option.trim()) {
                case "verify=os":
                    verifyWithOs = true;
                    break;
                case "verify=anchors":
                    verifyWithOs = false;
                    break;
                default:
                    throw new IllegalArgumentException("SystemTrust agent: unknown option '" + option
                            + "'; use verify=os or verify=anchors");
            }
        }
        return new AgentOptions(verifyWithOs);
    }
}
