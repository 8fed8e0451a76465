package io.mybouncer.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LargePacketAggregatorTest {
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() {
        channel = new EmbeddedChannel(new PacketFrameDecoder(1L << 30), new LargePacketAggregator());
    }

    @AfterEach
    void tearDown() {
        assertFalse(channel.finish());
    }

    @Test
    void passesOrdinaryPacketsThroughUnchanged() {
        channel.writeInbound(PacketFrameDecoderTest.packetBytes(3, 4));
        Packet packet = channel.readInbound();
        assertThat(packet.sequenceId()).isEqualTo(4);
        assertThat(packet.content().readableBytes()).isEqualTo(3);
        packet.release();
    }

    @Test
    void joinsExactMaxPayloadAndEmptyTrailerIntoOnePayload() {
        channel.writeInbound(PacketFrameDecoderTest.packetBytes(Packet.MAX_PAYLOAD, 1));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(PacketFrameDecoderTest.packetBytes(0, 2));
        Packet joined = channel.readInbound();
        assertThat(joined.sequenceId()).isEqualTo(1);
        assertThat(joined.content().readableBytes()).isEqualTo(Packet.MAX_PAYLOAD);
        joined.release();
    }

    @Test
    void joinsThreePartsInOrder() {
        channel.writeInbound(PacketFrameDecoderTest.packetBytes(Packet.MAX_PAYLOAD, 0),
                PacketFrameDecoderTest.packetBytes(Packet.MAX_PAYLOAD, 1),
                PacketFrameDecoderTest.packetBytes(10, 2));
        Packet joined = channel.readInbound();
        ByteBuf content = joined.content();
        assertThat(content.readableBytes()).isEqualTo(2 * Packet.MAX_PAYLOAD + 10);
        // Each part was filled with 0, 1, 2, ... (mod 256) from its own start.
        assertThat((int) content.getUnsignedByte(Packet.MAX_PAYLOAD + 1)).isEqualTo(1);
        assertThat((int) content.getUnsignedByte(2 * Packet.MAX_PAYLOAD + 9)).isEqualTo(9);
        joined.release();
    }

    @Test
    void releasesAPartialPayloadWhenTheChannelCloses() {
        ByteBuf wire = PacketFrameDecoderTest.packetBytes(Packet.MAX_PAYLOAD, 0);
        channel.writeInbound(wire.retain());
        channel.close();
        assertThat(wire.refCnt()).isEqualTo(1);
        wire.release();
    }
}
