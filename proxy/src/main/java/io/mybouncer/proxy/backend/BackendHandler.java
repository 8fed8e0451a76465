package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.packet.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.channels.ClosedChannelException;

/** The backend channel's last handler: hands packets and lifecycle events to its {@link BackendConnection}. */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "backend";

    private final BackendConnection connection;

    BackendHandler(BackendConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.onPacket((Packet) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.onReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.onClosed(new ClosedChannelException());
    }

    /** A protocol error or I/O failure ends this backend connection, and nothing else. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.onClosed(cause);
        ctx.close();
    }
}
