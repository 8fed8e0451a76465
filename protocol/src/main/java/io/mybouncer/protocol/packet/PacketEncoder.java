package io.mybouncer.protocol.packet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link Packet}s: a 4-byte header buffer followed by the payload itself (passed on, not
 * copied, so the transport can gather both in one write).
 *
 * <p>A payload of {@link Packet#MAX_PAYLOAD} bytes or more is split into wire packets of at most
 * that size with consecutive sequence ids, and a payload that is an exact multiple of it gets the
 * empty trailing packet the protocol requires. Callers that keep their own sequence counter must
 * account for the extra ids a split uses ({@link #wirePackets(int)}).
 *
 * <p>A packet already marked as a continuation is written as it is: it is one wire packet that the
 * proxy forwards, and its predecessor announced it.
 */
@Sharable
public final class PacketEncoder extends MessageToMessageEncoder<Packet> {
    public static final PacketEncoder INSTANCE = new PacketEncoder();

    private PacketEncoder() {
        super(Packet.class);
    }

    /** How many wire packets a payload of {@code length} bytes takes. */
    public static int wirePackets(int length) {
        return length / Packet.MAX_PAYLOAD + 1;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, List<Object> out) {
        ByteBuf payload = packet.content();
        int sequenceId = packet.sequenceId();
        if (packet.isContinuation() || payload.readableBytes() < Packet.MAX_PAYLOAD) {
            out.add(header(ctx, payload.readableBytes(), sequenceId));
            out.add(payload.retain());
            return;
        }
        int remaining = payload.readableBytes();
        int index = payload.readerIndex();
        while (true) {
            int chunk = Math.min(remaining, Packet.MAX_PAYLOAD);
            out.add(header(ctx, chunk, sequenceId));
            if (chunk > 0) {
                out.add(payload.retainedSlice(index, chunk));
            }
            index += chunk;
            remaining -= chunk;
            sequenceId = (sequenceId + 1) & 0xFF;
            if (chunk < Packet.MAX_PAYLOAD) {
                return;
            }
        }
    }

    private static ByteBuf header(ChannelHandlerContext ctx, int length, int sequenceId) {
        return ctx.alloc().ioBuffer(Packet.HEADER_SIZE).writeMediumLE(length).writeByte(sequenceId);
    }
}
