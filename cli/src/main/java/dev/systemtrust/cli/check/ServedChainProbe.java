package dev.systemtrust.cli.check;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * Connects to the server (directly or through a CONNECT proxy), completes one TLS handshake with a
 * {@link ChainRecorder}, and closes the connection without sending application data. The name lookup and TCP
 * connect, then the proxy's answer and the handshake, each get the timeout; a watchdog closes the socket when the
 * second phase overruns, so a server that trickles bytes cannot hold the check.
 */
final class ServedChainProbe {
    /** What one handshake showed. {@code handshakeProblem} is empty when the handshake completed. */
    record Handshake(List<X509Certificate> chain, String authType, HostNameVerdict hostName, String protocol,
            String cipherSuite, String handshakeProblem) {
    }

    private final Duration timeout;

    ServedChainProbe(Duration timeout) {
        this.timeout = timeout;
    }

    Handshake run(CheckTarget target, ProxyRoute route) throws CouldNotConnectException {
        ScheduledExecutorService helpers = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "systemtrust-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            return handshake(target, route, helpers);
        } finally {
            helpers.shutdownNow();
        }
    }

    private Handshake handshake(CheckTarget target, ProxyRoute route, ScheduledExecutorService helpers)
            throws CouldNotConnectException {
        String peer = route.proxy().map(proxy -> "the proxy " + proxy.address()).orElse(target.authority());
        Socket socket = connect(route.proxy().map(ProxyRoute.Proxy::host).orElse(target.host()),
                route.proxy().map(ProxyRoute.Proxy::port).orElse(target.port()), peer, helpers);
        AtomicBoolean timedOut = new AtomicBoolean();
        Future<?> watchdog = helpers.schedule(() -> {
            timedOut.set(true);
            closeQuietly(socket);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        String phase = "the TLS handshake with " + target.authority();
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            if (route.proxy().isPresent()) {
                phase = "the answer of " + peer + " to CONNECT " + target.authority();
                HttpConnectTunnel.open(socket, route.proxy().get(), target);
                phase = "the TLS handshake with " + target.authority() + " through " + peer;
            }
            return tls(socket, target);
        } catch (HttpConnectTunnel.ProxyRefusal e) {
            throw new CouldNotConnectException(e.getMessage(), e);
        } catch (IOException e) {
            throw new CouldNotConnectException(timedOut.get() || causedByTimeout(e)
                    ? "timed out after " + seconds() + " waiting for " + phase
                    : "failed during " + phase + ": " + e, e);
        } finally {
            watchdog.cancel(false);
            closeQuietly(socket);
        }
    }

    private Handshake tls(Socket socket, CheckTarget target) throws IOException, CouldNotConnectException {
        ChainRecorder recorder = new ChainRecorder(target.host());
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS", e);
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        // Only the recorder's host-name check reads this: an X509ExtendedTrustManager is trusted to check itself.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        String problem = "";
        try {
            tls.startHandshake();
        } catch (IOException e) {
            if (recorder.recorded() == null) {
                throw e;
            }
            problem = "the handshake failed after the server sent its certificates: " + e.getMessage();
        }
        SSLSession session = tls.getSession();
        session.invalidate();
        ChainRecorder.Recorded recorded = recorder.recorded();
        if (recorded == null) {
            throw new CouldNotConnectException("the TLS handshake with " + target.authority()
                    + " ended without a server certificate", null);
        }
        tls.close();
        return new Handshake(recorded.chain(), recorded.authType(), recorded.hostName(), session.getProtocol(),
                session.getCipherSuite(), problem);
    }

    private Socket connect(String host, int port, String peer, ScheduledExecutorService helpers)
            throws CouldNotConnectException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetAddress[] addresses = resolve(host, peer, helpers);
        IOException last = null;
        for (InetAddress address : addresses) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                break;
            }
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) remaining);
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
            }
        }
        if (last == null || System.nanoTime() - deadline >= 0) {
            throw new CouldNotConnectException("timed out after " + seconds() + " connecting to " + peer, last);
        }
        throw new CouldNotConnectException("could not connect to " + peer + ": " + last.getMessage(), last);
    }

    private InetAddress[] resolve(String host, String peer, ScheduledExecutorService helpers)
            throws CouldNotConnectException {
        Future<InetAddress[]> lookup = helpers.submit(() -> InetAddress.getAllByName(host));
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new CouldNotConnectException(cause instanceof UnknownHostException
                    ? "could not resolve " + host + " (for " + peer + "): unknown host"
                    : "could not resolve " + host + ": " + cause, cause);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new CouldNotConnectException("timed out after " + seconds() + " resolving " + host, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CouldNotConnectException("interrupted while resolving " + host, e);
        }
    }

    /** A read that outlived the socket timeout, which may fire just before the watchdog does. */
    private static boolean causedByTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }
}
