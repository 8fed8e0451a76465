package io.mybouncer.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PacketFrameDecoderTest {
    private static final long MAX = 64L << 20;

    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new PacketFrameDecoder(MAX));
    }

    @AfterEach
    void tearDown() {
        assertFalse(channel.finish());
    }

    /** COM_QUERY "SELECT 1" followed by COM_PING: two packets in one write. */
    private static byte[] twoPackets() {
        return new byte[] {
            0x09, 0x00, 0x00, 0x00, 0x03, 'S', 'E', 'L', 'E', 'C', 'T', ' ', '1',
            0x01, 0x00, 0x00, 0x00, 0x0E,
        };
    }

    @Test
    void decodesTwoPacketsFromOneBuffer() {
        channel.writeInbound(Unpooled.wrappedBuffer(twoPackets()));
        assertQueryThenPing(drain());
    }

    @Test
    void decodesTwoPacketsFedByteByByte() {
        for (byte b : twoPackets()) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertQueryThenPing(drain());
    }

    @Test
    void decodesTwoPacketsSplitAtEveryOffset() {
        byte[] bytes = twoPackets();
        for (int split = 1; split < bytes.length; split++) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            assertQueryThenPing(drain());
        }
    }

    @Test
    void decodesEmptyPayload() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 7}));
        Packet packet = channel.readInbound();
        assertThat(packet.sequenceId()).isEqualTo(7);
        assertThat(packet.content().readableBytes()).isZero();
        assertThat(packet.firstByte()).isEqualTo(-1);
        packet.release();
    }

    @Test
    void payloadIsARetainedSliceNotACopy() {
        ByteBuf wire = Unpooled.wrappedBuffer(twoPackets());
        channel.writeInbound(wire);
        List<Packet> packets = drain();
        assertThat(packets.get(0).content().unwrap()).isSameAs(wire.unwrap() == null ? wire : wire.unwrap());
        packets.forEach(Packet::release);
    }

    @Test
    void largestSinglePacketIsNotAContinuation() {
        int length = Packet.MAX_PAYLOAD - 1;
        channel.writeInbound(packetBytes(length, 0));
        Packet packet = channel.readInbound();
        assertThat(packet.content().readableBytes()).isEqualTo(length);
        assertThat(packet.hasContinuation()).isFalse();
        assertThat(packet.isContinuation()).isFalse();
        packet.release();
    }

    @Test
    void payloadOfExactlyMaxIsFollowedByEmptyContinuation() {
        channel.writeInbound(packetBytes(Packet.MAX_PAYLOAD, 3), packetBytes(0, 4));
        Packet first = channel.readInbound();
        Packet trailer = channel.readInbound();
        assertThat(first.hasContinuation()).isTrue();
        assertThat(first.isContinuation()).isFalse();
        assertThat(trailer.isContinuation()).isTrue();
        assertThat(trailer.content().readableBytes()).isZero();
        first.release();
        trailer.release();
    }

    @Test
    void packetAfterTheContinuationChainIsNotAContinuation() {
        channel.writeInbound(packetBytes(Packet.MAX_PAYLOAD, 0), packetBytes(5, 1), packetBytes(1, 2));
        Packet first = channel.readInbound();
        Packet second = channel.readInbound();
        Packet third = channel.readInbound();
        assertThat(second.isContinuation()).isTrue();
        assertThat(second.content().readableBytes()).isEqualTo(5);
        assertThat(third.isContinuation()).isFalse();
        first.release();
        second.release();
        third.release();
    }

    @Test
    void rejectsLengthOverTheLimitBeforeBufferingThePayload() {
        EmbeddedChannel small = new EmbeddedChannel(new PacketFrameDecoder(1024));
        // Only the header arrives: the limit is enforced from it alone.
        ByteBuf header = Unpooled.buffer().writeMediumLE(1025).writeByte(0);
        assertThatThrownBy(() -> small.writeInbound(header))
                .isInstanceOf(DecoderException.class)
                .hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("payload length at offset 0: 1025 (expected: <= 1024)");
        // Framing is lost for good: later bytes are discarded, never decoded.
        small.writeInbound(Unpooled.wrappedBuffer(twoPackets()));
        assertThat((Object) small.readInbound()).isNull();
        assertFalse(small.finish());
    }

    @Test
    void limitAppliesToTheWholeLogicalPayloadAcrossContinuations() {
        EmbeddedChannel limited = new EmbeddedChannel(new PacketFrameDecoder(Packet.MAX_PAYLOAD + 10L));
        limited.writeInbound(packetBytes(Packet.MAX_PAYLOAD, 0));
        ((Packet) limited.readInbound()).release();
        ByteBuf header = Unpooled.buffer().writeMediumLE(11).writeByte(1);
        assertThatThrownBy(() -> limited.writeInbound(header))
                .hasRootCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("payload length");
        assertFalse(limited.finish());
    }

    @Test
    void rejectsContinuationWithWrongSequenceId() {
        channel.writeInbound(packetBytes(Packet.MAX_PAYLOAD, 9));
        ((Packet) channel.readInbound()).release();
        assertThatThrownBy(() -> channel.writeInbound(packetBytes(0, 9)))
                .hasRootCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("continuation sequence id at offset 0: 9 (expected: 10)");
    }

    @Test
    void continuationSequenceIdWrapsAround() {
        channel.writeInbound(packetBytes(Packet.MAX_PAYLOAD, 255), packetBytes(2, 0));
        Packet first = channel.readInbound();
        Packet second = channel.readInbound();
        assertThat(second.sequenceId()).isZero();
        assertThat(second.isContinuation()).isTrue();
        first.release();
        second.release();
    }

    @Test
    void rejectsNonPositiveLimit() {
        assertThatThrownBy(() -> new PacketFrameDecoder(0)).isInstanceOf(IllegalArgumentException.class);
    }

    static ByteBuf packetBytes(int length, int sequenceId) {
        ByteBuf buf = Unpooled.buffer(Packet.HEADER_SIZE + length);
        buf.writeMediumLE(length).writeByte(sequenceId);
        for (int i = 0; i < length; i++) {
            buf.writeByte(i);
        }
        return buf;
    }

    private List<Packet> drain() {
        List<Packet> packets = new ArrayList<>();
        for (Packet p; (p = channel.readInbound()) != null; ) {
            packets.add(p);
        }
        return packets;
    }

    private static void assertQueryThenPing(List<Packet> packets) {
        assertThat(packets).hasSize(2);
        Packet query = packets.get(0);
        assertThat(query.sequenceId()).isZero();
        assertThat(query.firstByte()).isEqualTo(0x03);
        assertThat(query.content().toString(1, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SELECT 1");
        Packet ping = packets.get(1);
        assertThat(ping.content().readableBytes()).isEqualTo(1);
        assertThat(ping.firstByte()).isEqualTo(0x0E);
        packets.forEach(Packet::release);
    }
}
