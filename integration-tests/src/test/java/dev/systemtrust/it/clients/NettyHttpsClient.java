package dev.systemtrust.it.clients;

import dev.systemtrust.SystemTrustProvider;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Netty HTTPS client whose trust comes from {@code SslContextBuilder.forClient().trustManager(tmf)} with the
 * SystemTrust TrustManagerFactory. Arguments: {@code jdk} or {@code openssl} (Netty's SslProvider), the URL.
 * Prints {@code ENGINE <SSLEngine class>} on standard error, then {@code OK <body>} and exits 0, or
 * {@code FAIL <exception chain>} and exits 3.
 */
public final class NettyHttpsClient {
    private NettyHttpsClient() {
    }

    public static void main(String[] args) {
        SslProvider provider = args[0].equals("openssl") ? SslProvider.OPENSSL : SslProvider.JDK;
        URI url = URI.create(args[1]);
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            if (provider == SslProvider.OPENSSL && !OpenSsl.isAvailable()) {
                throw new IllegalStateException("Netty's OpenSSL provider is unavailable", OpenSsl.unavailabilityCause());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("SystemTrust", new SystemTrustProvider());
            trust.init((KeyStore) null);
            SslContext context = SslContextBuilder.forClient().sslProvider(provider).trustManager(trust).build();
            CompletableFuture<String> response = new CompletableFuture<>();
            Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            SslHandler tls = context.newHandler(channel.alloc(), url.getHost(), url.getPort());
                            SSLParameters parameters = tls.engine().getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            tls.engine().setSSLParameters(parameters);
                            System.err.println("ENGINE " + tls.engine().getClass().getName());
                            tls.handshakeFuture().addListener(done -> {
                                if (!done.isSuccess()) {
                                    response.completeExceptionally(done.cause());
                                }
                            });
                            channel.pipeline().addLast(tls, new ResponseCollector(response));
                        }
                    })
                    .connect(url.getHost(), url.getPort()).sync().channel();
            channel.writeAndFlush(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: " + url.getHost()
                    + "\r\nConnection: close\r\n\r\n", StandardCharsets.US_ASCII));
            String whole = response.get(20, TimeUnit.SECONDS);
            PlainHttpsClient.succeed(whole.substring(whole.indexOf("\r\n\r\n") + 4));
        } catch (java.util.concurrent.ExecutionException e) {
            PlainHttpsClient.fail(e.getCause() instanceof Exception cause ? cause : e);
        } catch (Exception e) {
            PlainHttpsClient.fail(e);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Collects the whole response; the server closes the connection after it. */
    private static final class ResponseCollector extends SimpleChannelInboundHandler<ByteBuf> {
        private final StringBuilder received = new StringBuilder();
        private final CompletableFuture<String> response;

        ResponseCollector(CompletableFuture<String> response) {
            this.response = response;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, ByteBuf data) {
            received.append(data.toString(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            response.complete(received.toString());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            response.completeExceptionally(cause);
            context.close();
        }
    }
}
