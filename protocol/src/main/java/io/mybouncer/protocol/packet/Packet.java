package io.mybouncer.protocol.packet;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One wire packet: its sequence id and payload (the bytes after the 4-byte header).
 *
 * <p>The payload is a retained slice of the inbound buffer, never a copy; whoever receives a
 * {@code Packet} owns one reference and releases it (or passes it on).
 *
 * <p>A payload of exactly {@link #MAX_PAYLOAD} bytes means "more follows": the next packet is a
 * {@linkplain #isContinuation() continuation} of the same logical payload, and its first byte is
 * data, not a response header.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL Packets</a>
 */
public final class Packet extends DefaultByteBufHolder {
    /** 2^24 - 1: the largest payload of one wire packet. */
    public static final int MAX_PAYLOAD = 0xFF_FFFF;
    public static final int HEADER_SIZE = 4;

    private final int sequenceId;
    private final boolean continuation;

    public Packet(int sequenceId, ByteBuf payload) {
        this(sequenceId, payload, false);
    }

    public Packet(int sequenceId, ByteBuf payload, boolean continuation) {
        super(payload);
        this.sequenceId = sequenceId & 0xFF;
        this.continuation = continuation;
    }

    public int sequenceId() {
        return sequenceId;
    }

    public ByteBuf payload() {
        return content();
    }

    /** True when this packet continues a payload whose previous part was exactly 0xFFFFFF bytes. */
    public boolean isContinuation() {
        return continuation;
    }

    /** True when the next packet continues this payload. */
    public boolean hasContinuation() {
        return content().readableBytes() == MAX_PAYLOAD;
    }

    /** The first payload byte (the header of a response), or -1 for an empty payload. */
    public int firstByte() {
        ByteBuf p = content();
        return p.isReadable() ? p.getUnsignedByte(p.readerIndex()) : -1;
    }

    @Override
    public Packet replace(ByteBuf content) {
        return new Packet(sequenceId, content, continuation);
    }

    @Override
    public Packet retain() {
        super.retain();
        return this;
    }

    @Override
    public Packet retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public String toString() {
        return "Packet(seq=" + sequenceId + ", length=" + content().readableBytes()
                + (continuation ? ", continuation" : "") + ")";
    }
}
