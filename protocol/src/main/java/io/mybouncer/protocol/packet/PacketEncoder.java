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
 *
 * <p>A forwarder needs {@link #FORWARDING} instead. {@link PacketFrameDecoder} hands out the first
 * wire packet of a large payload as a packet of exactly {@link Packet#MAX_PAYLOAD} bytes that is not
 * a continuation; {@link #INSTANCE} reads that as a whole payload of that length and adds an empty
 * trailer, so relaying it would insert a packet the peer takes for the end of the payload, and the
 * real continuation that follows would be read as the next command or response (found by a 20 MiB
 * BLOB through the proxy: the server answered a syntax error on the garbled statement).
 */
@Sharable
public final class PacketEncoder extends MessageToMessageEncoder<Packet> {
    /** Treats each packet as a whole payload: splits it, and adds the trailer where one is due. */
    public static final PacketEncoder INSTANCE = new PacketEncoder(true);
    /**
     * Writes each packet as exactly the one wire packet it is, as {@link PacketFrameDecoder} read it:
     * for pipelines that relay decoded packets and build only payloads below {@link Packet#MAX_PAYLOAD}
     * themselves. A longer payload cannot be one wire packet and fails the write.
     */
    public static final PacketEncoder FORWARDING = new PacketEncoder(false);

    /** Whether payloads of {@link Packet#MAX_PAYLOAD} bytes or more are split into wire packets. */
    private final boolean split;

    private PacketEncoder(boolean split) {
        super(Packet.class);
        this.split = split;
    }

    /** How many wire packets a payload of {@code length} bytes takes. */
    public static int wirePackets(int length) {
        return length / Packet.MAX_PAYLOAD + 1;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, List<Object> out) {
        ByteBuf payload = packet.content();
        int sequenceId = packet.sequenceId();
        if (!split && payload.readableBytes() > Packet.MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload: " + payload.readableBytes() + " bytes (expected: at most "
                    + Packet.MAX_PAYLOAD + " for one wire packet)");
        }
        if (!split || packet.isContinuation() || payload.readableBytes() < Packet.MAX_PAYLOAD) {
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
