package dev.systemtrust.agent;

import dev.systemtrust.SystemTrustProvider;
import java.lang.instrument.Instrumentation;
import java.security.Security;

/**
 * {@code -javaagent:systemtrust-agent.jar[=verify=os]}: registers the SystemTrust provider and makes the OS trust
 * store the JVM's default, with no code change. Nothing is read here: the store is read when the default
 * {@code SSLContext} is first built.
 *
 * <p>Precedence: a trust store the user chose ({@code javax.net.ssl.trustStore} or {@code trustStoreType}) is left
 * alone. Otherwise {@code javax.net.ssl.trustStoreType=SystemTrust}. With {@code verify=os} the default
 * {@code TrustManagerFactory} algorithm becomes SystemTrust too, so chains are verified by the OS where it can
 * (macOS, Windows) — unless {@code ssl.TrustManagerFactory.algorithm} was set by the user's security properties.
 */
public final class SystemTrustAgent {
    static final String TRUST_STORE = "javax.net.ssl.trustStore";
    static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";
    static final String TMF_ALGORITHM = "ssl.TrustManagerFactory.algorithm";
    private static final System.Logger LOG = System.getLogger("dev.systemtrust.agent");

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
        if (Security.getProvider(SystemTrustProvider.NAME) == null) {
            // Appended, not inserted first: SystemTrust's service names are its own, so no JDK service is shadowed.
            Security.addProvider(new SystemTrustProvider());
        }
        if (System.getProperty(TRUST_STORE) == null && System.getProperty(TRUST_STORE_TYPE) == null) {
            System.setProperty(TRUST_STORE_TYPE, SystemTrustProvider.KEYSTORE_TYPE);
        } else {
            LOG.log(System.Logger.Level.INFO, "SystemTrust agent: javax.net.ssl.trustStore/trustStoreType set by the "
                    + "user, left as is");
        }
        if (options.verifyWithOs()) {
            String configured = Security.getProperty(TMF_ALGORITHM);
            if (configured == null || configured.equals("PKIX") || configured.equals("SunX509")) {
                Security.setProperty(TMF_ALGORITHM, SystemTrustProvider.TRUST_MANAGER_FACTORY_ALGORITHM);
            }
        }
    }
}
