package dev.systemtrust.testing;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;

/**
 * A client handshake through {@link SSLEngine}, the path {@code java.net.http.HttpClient} and NIO frameworks take,
 * driven over a blocking socket channel to a {@link TlsServer}.
 */
public final class EngineHandshake {
    private EngineHandshake() {
    }

    /** Completes a handshake to {@code port} on loopback, telling the engine the peer is {@code host}. */
    public static void run(SSLContext context, String host, int port) throws IOException {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        int packetSize = engine.getSession().getPacketBufferSize();
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer application = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        ByteBuffer outgoing = ByteBuffer.allocate(packetSize);
        ByteBuffer incoming = ByteBuffer.allocate(packetSize);
        try (SocketChannel channel = SocketChannel.open(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            channel.socket().setSoTimeout(5000);
            engine.beginHandshake();
            HandshakeStatus status = engine.getHandshakeStatus();
            while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
                switch (status) {
                    case NEED_WRAP -> {
                        outgoing.clear();
                        SSLEngineResult result = engine.wrap(empty, outgoing);
                        outgoing.flip();
                        while (outgoing.hasRemaining()) {
                            channel.write(outgoing);
                        }
                        status = result.getHandshakeStatus();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        incoming.flip();
                        SSLEngineResult result = engine.unwrap(incoming, application);
                        incoming.compact();
                        if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                                && channel.read(incoming) < 0) {
                            throw new EOFException("server closed during the handshake");
                        }
                        application.clear();
                        status = result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                                ? engine.getHandshakeStatus() : result.getHandshakeStatus();
                    }
                    case NEED_TASK -> {
                        Runnable task;
                        while ((task = engine.getDelegatedTask()) != null) {
                            task.run();
                        }
                        status = engine.getHandshakeStatus();
                    }
                    default -> throw new IllegalStateException("unexpected handshake status " + status);
                }
            }
        }
    }
}
