package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.protocol.packet.ServerStatus;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server that is only the proxy's login: frame decoder, encoder, {@link ClientHandshakeHandler},
 * then a stand-in session that answers every command with a plain OK (COM_QUIT closes). Enough for
 * drivers to connect, validate and close. Listens on loopback TCP and, if given, a Unix socket.
 */
final class LoginTestServer implements AutoCloseable {
    private static final long MAX_PAYLOAD = 64L << 20;
    private static final int COM_QUIT = 0x01;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicLong connectionIds = new AtomicLong();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    /** Every login that reached the session, in order; written on the event loop. */
    final List<AuthenticatedClient> logins = new CopyOnWriteArrayList<>();
    final List<LoginFailed> failures = new CopyOnWriteArrayList<>();
    private final int port;

    LoginTestServer(FrontendSettings settings, LoginAdmission admission, Path unixSocket) {
        Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(initializer(settings, admission, false))
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        listeners.add(tcp);
        port = ((InetSocketAddress) tcp.localAddress()).getPort();
        if (unixSocket != null) {
            listeners.add(new ServerBootstrap().group(group).channel(NioServerDomainSocketChannel.class)
                    .childHandler(initializer(settings, admission, true))
                    .bind(UnixDomainSocketAddress.of(unixSocket)).syncUninterruptibly().channel());
        }
    }

    int port() {
        return port;
    }

    private ChannelInitializer<Channel> initializer(FrontendSettings settings, LoginAdmission admission,
            boolean unixSocket) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(new PacketFrameDecoder(MAX_PAYLOAD), PacketEncoder.INSTANCE,
                        new ClientHandshakeHandler(settings, connectionIds.incrementAndGet(), unixSocket, admission),
                        new OkToEverything());
            }
        };
    }

    /** The stand-in session: records the login, then OK for every command. */
    private final class OkToEverything extends ChannelInboundHandlerAdapter {
        private AuthenticatedClient client;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof AuthenticatedClient authenticated) {
                client = authenticated;
                logins.add(authenticated);
            } else if (event instanceof LoginFailed failed) {
                failures.add(failed);
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Packet command = (Packet) msg;
            try {
                if (command.firstByte() == COM_QUIT) {
                    ctx.close();
                    return;
                }
                ByteBuf payload = ctx.alloc().buffer();
                OkPacket.of(0, 0, new ServerStatus(ServerStatus.AUTOCOMMIT), 0).encode(payload, client.capabilities());
                ctx.writeAndFlush(new Packet(command.sequenceId() + 1, payload))
                        .addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            } finally {
                command.release();
            }
        }
    }

    @Override
    public void close() {
        listeners.forEach(listener -> listener.close().syncUninterruptibly());
        group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
