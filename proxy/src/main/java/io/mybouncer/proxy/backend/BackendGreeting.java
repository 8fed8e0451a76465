package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the backend's greeting without logging in: the proxy shows its clients the backend's real
 * server version (ORMs choose their SQL dialect from it) and offers only capabilities the backend
 * has. Needs no credentials, so it works in passthrough mode too.
 */
public final class BackendGreeting {
    /** Greetings are about 100 bytes. */
    private static final int MAX_GREETING = 4096;

    private BackendGreeting() {
    }

    /** Connects, reads the HandshakeV10 (or the ERR a busy server sends instead), and hangs up. */
    public static Future<HandshakeV10> read(EventLoop loop, NettyTransport transport, BackendTarget target) {
        Promise<HandshakeV10> result = loop.newPromise();
        Bootstrap bootstrap = target.bootstrap(loop, transport)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new PacketFrameDecoder(MAX_GREETING),
                                new SimpleChannelInboundHandler<Packet>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
                                        if (ErrPacket.isErr(packet.content())) {
                                            result.tryFailure(new MysqlServerException(
                                                    ErrPacket.decode(packet.content(), CapabilitySet.NONE)));
                                        } else {
                                            result.trySuccess(HandshakeV10.decode(packet.content()));
                                        }
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        result.tryFailure(cause);
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.tryFailure(new ClosedChannelException());
                                    }
                                });
                    }
                });
        ChannelFuture connecting = bootstrap.connect(transport.socketAddress(target.address()));
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                result.tryFailure(connected.cause());
            }
        });
        loop.schedule(() -> {
            if (result.tryFailure(new TimeoutException("no greeting from " + target.address() + " within "
                    + target.connectTimeout().toMillis() + " ms"))) {
                connecting.channel().close();
            }
        }, target.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        return result;
    }
}
