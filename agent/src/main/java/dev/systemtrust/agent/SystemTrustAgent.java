package dev.systemtrust.agent;

import dev.systemtrust.SystemTrust;
import java.lang.instrument.Instrumentation;

/**
 * {@code -javaagent:systemtrust-agent.jar[=verify=os]}: {@link SystemTrust#install()} before {@code main}, so an
 * unchanged application trusts the OS store through the live SystemTrust trust manager (OS distrust enforced at
 * any depth, OS intermediates used, changes followed without a restart). Nothing is read here: the store is read
 * when the default {@code SSLContext} is first built. {@code verify=os} hands server chains to the OS verifier
 * where there is one; {@code verify=anchors} (the default) keeps PKIX over the OS store everywhere.
 */
public final class SystemTrustAgent {

    private SystemTrustAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        install(arguments);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        install(arguments);
    }

    static void install(String arguments) {
        AgentOptions options = AgentOptions.parse(arguments);
        if (options.verification().isPresent()) {
            SystemTrust.install(options.verification().get());
        } else {
            SystemTrust.install();
        }
    }
}
