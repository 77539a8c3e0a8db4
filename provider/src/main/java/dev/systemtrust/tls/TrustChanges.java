package dev.systemtrust.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * Keeps an {@code SSLContext} built on a SystemTrust trust manager from resuming, after the OS store changed,
 * sessions whose chains were checked against the old trust: the JDK does not ask a trust manager again on
 * resumption.
 */
public final class TrustChanges {
    private TrustChanges() {
    }

    /**
     * From now on, every change of what {@code manager} trusts invalidates the client sessions {@code context}
     * holds. Does nothing for a trust manager that is not a live SystemTrust one.
     */
    public static void forgetSessionsOnChange(TrustManager manager, SSLContext context) {
        LiveTrustManager live = manager instanceof LiveTrustManager direct ? direct
                : manager instanceof OsVerifyingTrustManager os ? os.anchors() : null;
        if (live != null) {
            live.onTrustChange(() -> forgetClientSessions(context));
        }
    }

    private static void forgetClientSessions(SSLContext context) {
        SSLSessionContext sessions = context.getClientSessionContext();
        for (byte[] id : java.util.Collections.list(sessions.getIds())) {
            SSLSession session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
            }
        }
    }
}
