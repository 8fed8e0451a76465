package io.mybouncer.proxy.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes every client connection reads and writes, one instance shared by all of them:
 * a {@link LongAdder} add per read and per write, nothing per packet.
 */
@Sharable
public final class ClientTraffic extends ChannelDuplexHandler {
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            received.add(bytes.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            sent.add(bytes.readableBytes());
        }
        ctx.write(msg, promise);
    }

    public long received() {
        return received.sum();
    }

    public long sent() {
        return sent.sum();
    }
}
