package io.mybouncer.protocol.response;

import io.mybouncer.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Small hand-built packets for tracker tests. The caller releases each packet. */
final class TestPackets {
    private TestPackets() {
    }

    static Packet packet(int sequenceId, int... bytes) {
        ByteBuf payload = Unpooled.buffer(bytes.length);
        for (int b : bytes) {
            payload.writeByte(b);
        }
        return new Packet(sequenceId, payload);
    }

    /** A payload of {@code length} bytes, starting with {@code first} and filled with {@code fill}. */
    static Packet filled(int sequenceId, int length, int first, int fill) {
        ByteBuf payload = Unpooled.buffer(length, length);
        if (length > 0) {
            payload.writeByte(first);
        }
        while (payload.isWritable()) {
            payload.writeByte(fill);
        }
        return new Packet(sequenceId, payload);
    }
}
