package io.mybouncer.protocol.packet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into one {@link Packet} per wire packet: a 3-byte little-endian payload
 * length, a 1-byte sequence id, then the payload.
 *
 * <p>The payload is a retained slice of the cumulation buffer, never a copy. Continuations are not
 * joined (that is {@link LargePacketAggregator}'s job, by choice): a packet following one whose
 * payload is exactly {@link Packet#MAX_PAYLOAD} bytes is marked as a continuation, so no response
 * tracker mistakes its first byte for a header.
 *
 * <p>Limits are checked from the header alone, before a byte of the payload is buffered: a logical
 * payload (the sum of a packet and its continuations) longer than {@code maxPayload} is refused,
 * and a continuation must carry the next sequence id. After a {@link ProtocolException} the
 * decoder discards everything that follows, since framing is lost for good; the handler that sees
 * the exception closes the connection.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
public final class PacketFrameDecoder extends ByteToMessageDecoder {
    private final long maxPayload;

    /** Bytes of the logical payload seen so far, when the last packet announced a continuation. */
    private long logicalLength;
    /** Whether the next packet continues the previous payload (the previous one was 0xFFFFFF long). */
    private boolean expectContinuation;
    private int lastSequenceId;
    private boolean failed;

    /** @param maxPayload the largest logical payload accepted, in bytes (the peer's max_allowed_packet). */
    public PacketFrameDecoder(long maxPayload) {
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload: " + maxPayload + " (expected: >= 1)");
        }
        this.maxPayload = maxPayload;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= Packet.HEADER_SIZE) {
            int start = in.readerIndex();
            int length = in.getUnsignedMediumLE(start);
            int sequenceId = in.getUnsignedByte(start + 3);
            checkHeader(length, sequenceId, start);
            if (in.readableBytes() < Packet.HEADER_SIZE + length) {
                // Tell the cumulator how much we need instead of re-parsing on every read.
                return;
            }
            in.skipBytes(Packet.HEADER_SIZE);
            boolean continuation = expectContinuation;
            out.add(new Packet(sequenceId, in.readRetainedSlice(length), continuation));
            lastSequenceId = sequenceId;
            expectContinuation = length == Packet.MAX_PAYLOAD;
            logicalLength = expectContinuation ? (continuation ? logicalLength : 0) + length : 0;
        }
    }

    private void checkHeader(int length, int sequenceId, int offset) {
        long total = (expectContinuation ? logicalLength : 0) + length;
        if (total > maxPayload) {
            fail(ProtocolException.at("packet header", "payload length", offset, total, "<= " + maxPayload));
        }
        if (expectContinuation && sequenceId != ((lastSequenceId + 1) & 0xFF)) {
            fail(ProtocolException.at("packet header", "continuation sequence id", offset, sequenceId,
                    String.valueOf((lastSequenceId + 1) & 0xFF)));
        }
    }

    private void fail(ProtocolException e) {
        failed = true;
        throw e;
    }
}
