package dev.systemtrust.tls;

import java.lang.ref.WeakReference;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;

/**
 * Keeps an {@code SSLContext} built on a SystemTrust trust manager from resuming, after the OS store's trust
 * changed, sessions that were checked against the old trust: the JDK does not ask a trust manager again on
 * resumption. Client and server sessions are both forgotten.
 */
public final class TrustChanges {
    private TrustChanges() {
    }

    /**
     * From now on, every change of what {@code manager} trusts invalidates the sessions {@code context} holds, for
     * as long as {@code context} is in use. Does nothing for a trust manager that is not a live SystemTrust one.
     */
    public static void forgetSessionsOnChange(TrustManager manager, SSLContext context) {
        WeakReference<SSLContext> weak = new WeakReference<>(context);
        listen(manager, weak::get);
    }

    /** The same for the JVM's default {@code SSLContext}, which the JDK builds on {@code manager}. */
    static void forgetDefaultContextSessionsOnChange(TrustManager manager) {
        listen(manager, TrustChanges::defaultContext);
    }

    private static void listen(TrustManager manager, Supplier<SSLContext> context) {
        LiveTrustManager live = manager instanceof LiveTrustManager direct ? direct
                : manager instanceof OsVerifyingTrustManager os ? os.anchors() : null;
        if (live != null) {
            live.onTrustChange(() -> {
                SSLContext current = context.get();
                if (current == null) {
                    return false;
                }
                forget(current.getClientSessionContext());
                forget(current.getServerSessionContext());
                return true;
            });
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    private static void forget(SSLSessionContext sessions) {
        if (sessions == null) {
            return;
        }
        for (byte[] id : Collections.list(sessions.getIds())) {
            SSLSession session = sessions.getSession(id);
            if (session != null) {
                session.invalidate();
            }
        }
    }
}
