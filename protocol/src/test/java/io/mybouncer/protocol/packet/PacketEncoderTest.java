package io.mybouncer.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PacketEncoderTest {
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(PacketEncoder.INSTANCE);
    }

    @AfterEach
    void tearDown() {
        assertFalse(channel.finish());
    }

    @Test
    void writesHeaderThenThePayloadItself() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {0x0E});
        channel.writeOutbound(new Packet(0, payload));
        ByteBuf header = channel.readOutbound();
        ByteBuf body = channel.readOutbound();
        assertThat(bytes(header)).containsExactly(1, 0, 0, 0);
        assertThat(body).isSameAs(payload);
        header.release();
        body.release();
        assertThat(payload.refCnt()).isZero();
    }

    @Test
    void payloadJustUnderTheLimitIsOnePacket() {
        List<int[]> headers = encodeAndCollectHeaders(Packet.MAX_PAYLOAD - 1, 5);
        assertThat(headers).containsExactly(new int[] {Packet.MAX_PAYLOAD - 1, 5});
    }

    @Test
    void payloadOfExactlyTheLimitGetsAnEmptyTrailer() {
        List<int[]> headers = encodeAndCollectHeaders(Packet.MAX_PAYLOAD, 0);
        assertThat(headers).containsExactly(new int[] {Packet.MAX_PAYLOAD, 0}, new int[] {0, 1});
        assertThat(PacketEncoder.wirePackets(Packet.MAX_PAYLOAD)).isEqualTo(2);
    }

    @Test
    void payloadOverTheLimitIsSplitWithConsecutiveSequenceIds() {
        List<int[]> headers = encodeAndCollectHeaders(2 * Packet.MAX_PAYLOAD + 7, 255);
        assertThat(headers).containsExactly(
                new int[] {Packet.MAX_PAYLOAD, 255}, new int[] {Packet.MAX_PAYLOAD, 0}, new int[] {7, 1});
        assertThat(PacketEncoder.wirePackets(2 * Packet.MAX_PAYLOAD + 7)).isEqualTo(3);
    }

    @Test
    void splitPayloadRoundTripsThroughTheDecoderAndAggregator() {
        int length = Packet.MAX_PAYLOAD + 100;
        ByteBuf payload = Unpooled.buffer(length);
        for (int i = 0; i < length; i++) {
            payload.writeByte(i * 31);
        }
        channel.writeOutbound(new Packet(0, payload.retainedDuplicate()));
        EmbeddedChannel decoder = new EmbeddedChannel(new PacketFrameDecoder(1L << 30), new LargePacketAggregator());
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            decoder.writeInbound(out);
        }
        Packet joined = decoder.readInbound();
        assertThat(joined.sequenceId()).isZero();
        assertThat(joined.content()).isEqualTo(payload);
        joined.release();
        payload.release();
        assertFalse(decoder.finish());
    }

    @Test
    void forwardingWritesAFullPacketWithoutATrailer() {
        channel = new EmbeddedChannel(PacketEncoder.FORWARDING);
        List<int[]> headers = encodeAndCollectHeaders(Packet.MAX_PAYLOAD, 3);
        assertThat(headers).containsExactly(new int[] {Packet.MAX_PAYLOAD, 3});
    }

    @Test
    void forwardingReproducesTheDecodedWireBytes() {
        // A 20 MiB payload as a client sends it: a full packet, then the rest.
        int length = Packet.MAX_PAYLOAD + 100;
        ByteBuf wire = Unpooled.buffer(length + 2 * Packet.HEADER_SIZE);
        wire.writeMediumLE(Packet.MAX_PAYLOAD).writeByte(0);
        for (int i = 0; i < Packet.MAX_PAYLOAD; i++) {
            wire.writeByte(i * 31);
        }
        wire.writeMediumLE(100).writeByte(1).writeZero(100);
        EmbeddedChannel decoder = new EmbeddedChannel(new PacketFrameDecoder(1L << 30));
        decoder.writeInbound(wire.retainedDuplicate());
        channel = new EmbeddedChannel(PacketEncoder.FORWARDING);
        for (Packet packet; (packet = decoder.readInbound()) != null; ) {
            channel.writeOutbound(packet);
        }
        ByteBuf forwarded = Unpooled.buffer(wire.readableBytes());
        for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
            forwarded.writeBytes(out);
        }
        assertThat(forwarded).isEqualTo(wire);
        forwarded.release();
        wire.release();
        assertFalse(decoder.finish());
    }

    @Test
    void forwardingRefusesAPayloadLongerThanOneWirePacket() {
        channel = new EmbeddedChannel(PacketEncoder.FORWARDING);
        ByteBuf payload = Unpooled.buffer(Packet.MAX_PAYLOAD + 1).writerIndex(Packet.MAX_PAYLOAD + 1);
        assertThatThrownBy(() -> channel.writeOutbound(new Packet(0, payload)))
                .hasMessageContaining("payload: " + (Packet.MAX_PAYLOAD + 1) + " bytes");
        assertThat(payload.refCnt()).isZero();
    }

    /** Encodes a payload of {@code length} bytes and returns each wire packet's (length, sequence id). */
    private List<int[]> encodeAndCollectHeaders(int length, int sequenceId) {
        ByteBuf payload = Unpooled.buffer(length).writerIndex(length);
        channel.writeOutbound(new Packet(sequenceId, payload));
        List<int[]> headers = new ArrayList<>();
        int expectBody = 0;
        for (ByteBuf out; (out = channel.readOutbound()) != null; out.release()) {
            if (expectBody > 0) {
                assertThat(out.readableBytes()).isEqualTo(expectBody);
                expectBody = 0;
                continue;
            }
            assertThat(out.readableBytes()).isEqualTo(Packet.HEADER_SIZE);
            int[] header = {out.getUnsignedMediumLE(0), out.getUnsignedByte(3)};
            headers.add(header);
            expectBody = header[0];
        }
        assertThat(payload.refCnt()).isZero();
        return headers;
    }

    private static int[] bytes(ByteBuf buf) {
        int[] out = new int[buf.readableBytes()];
        for (int i = 0; i < out.length; i++) {
            out[i] = buf.getUnsignedByte(buf.readerIndex() + i);
        }
        return out;
    }
}
