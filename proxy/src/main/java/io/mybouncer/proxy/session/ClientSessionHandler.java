package io.mybouncer.proxy.session;

import io.mybouncer.protocol.packet.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Netty adapter on the client channel after login: hands events to its {@link ClientSession}. Holds no logic. */
public final class ClientSessionHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "session";

    private final ClientSession session;

    public ClientSessionHandler(ClientSession session) {
        this.session = session;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        session.onClientPacket((Packet) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.onClientReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            session.onClientWritable();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.onClientClosed();
    }

    /** Malformed input from the client (framing lost, a packet over the limit) ends this session only. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.onClientError(cause);
    }
}
