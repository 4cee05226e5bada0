package dev.signet.tls.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.tls.Handshakes;
import dev.signet.tls.SignetTls;
import dev.signet.tls.TestCa;
import dev.signet.tls.TlsFixtures;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Netty recipe of docs/signet-tls.md: {@code SslContextBuilder.forServer(tls.keyManagerFactory())} with the JDK
 * provider serves the managed certificate, checks client names through the trust manager factory, and picks up a
 * swapped certificate on new connections.
 */
class NettyRecipeTest {
    @TempDir Path dir;

    @Test
    void nettyServesTheManagedCertificateEnforcesClientNamesAndHotReloads() throws Exception {
        TestCa ca = new TestCa(dir);
        try (SignetTls tls = SignetTls.server(TlsFixtures.config("server", ca.manualServer("localhost", "client-a"))).start()) {
            SslContext ssl = SslContextBuilder.forServer(tls.keyManagerFactory())
                    .trustManager(tls.trustManagerFactory().orElseThrow())
                    .clientAuth(tls.settings().needClientAuth() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                    .protocols(tls.settings().protocols())
                    .sslProvider(SslProvider.JDK)
                    .build();
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                                            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1})).addListener(ChannelFutureListener.CLOSE);
                                        }
                                    }
                                });
                            }
                        })
                        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
                int port = ((InetSocketAddress) channel.localAddress()).getPort();

                BigInteger before = Handshakes.connect(ca.client("client-a").sslContext(), "localhost", port).getSerialNumber();
                assertThat(before).isEqualTo(tls.certificate().leaf().getSerialNumber());
                var b = ca.client("client-b").sslContext();
                assertThatThrownBy(() -> Handshakes.connect(b, "localhost", port)).isInstanceOf(IOException.class);

                tls.keyManager().swap(ca.leaf("localhost"));
                BigInteger after = Handshakes.connect(ca.client("client-a").sslContext(), "localhost", port).getSerialNumber();
                assertThat(after).isEqualTo(tls.certificate().leaf().getSerialNumber()).isNotEqualTo(before);
                channel.close().sync();
            } finally {
                group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
            }
        }
    }
}
