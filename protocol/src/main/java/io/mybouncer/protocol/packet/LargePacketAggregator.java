package io.mybouncer.protocol.packet;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Joins a packet of {@link Packet#MAX_PAYLOAD} bytes and its continuations into one {@link Packet}
 * whose payload is a composite of the parts (no copy), carrying the first part's sequence id.
 *
 * <p>Used only where a whole payload must be parsed (the connection phase, the proxy's own client,
 * COM_STMT_PREPARE), never on the row-forwarding path. The total size is already bounded by
 * {@link PacketFrameDecoder}'s limit, which sees every part before it is buffered.
 */
public final class LargePacketAggregator extends MessageToMessageDecoder<Packet> {
    /** The payload being assembled; null when no continuation is pending. */
    private CompositeByteBuf pending;
    private int pendingSequenceId;

    public LargePacketAggregator() {
        super(Packet.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Packet packet, List<Object> out) {
        if (pending == null && !packet.hasContinuation()) {
            out.add(packet.retain());
            return;
        }
        if (pending == null) {
            pending = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            pendingSequenceId = packet.sequenceId();
        }
        pending.addComponent(true, packet.content().retain());
        if (!packet.hasContinuation()) {
            out.add(new Packet(pendingSequenceId, pending));
            pending = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePending();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePending();
        super.channelInactive(ctx);
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
