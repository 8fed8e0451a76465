package io.mybouncer.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Hostile byte streams: the decoder ends, never buffers past its limit, and only fails with ProtocolException. */
class PacketFrameDecoderProperties {
    private static final int LIMIT = 4096;

    @Property
    void randomStreamsDecodeOrFailWithProtocolException(
            @ForAll @Size(max = 64) List<@Size(max = 300) byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(LIMIT));
        try {
            for (byte[] chunk : chunks) {
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                drainChecked(channel);
            }
        } catch (DecoderException e) {
            assertThat(e).hasCauseInstanceOf(ProtocolException.class);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Property
    void wellFormedStreamsSplitAnywhereDecodeToTheSamePackets(
            @ForAll("payloadLengths") List<Integer> lengths, @ForAll @IntRange(min = 7, max = 97) int chunk) {
        ByteBuf wire = Unpooled.buffer();
        for (int i = 0; i < lengths.size(); i++) {
            wire.writeMediumLE(lengths.get(i)).writeByte(i);
            wire.writeZero(lengths.get(i));
        }
        EmbeddedChannel channel = new EmbeddedChannel(new PacketFrameDecoder(LIMIT));
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(chunk, wire.readableBytes())));
        }
        wire.release();
        for (int i = 0; i < lengths.size(); i++) {
            Packet packet = channel.readInbound();
            assertThat(packet.sequenceId()).isEqualTo(i & 0xFF);
            assertThat(packet.content().readableBytes()).isEqualTo(lengths.get(i));
            packet.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Provide
    Arbitrary<List<Integer>> payloadLengths() {
        return Arbitraries.integers().between(0, 600).list().ofMaxSize(8);
    }

    private static void drainChecked(EmbeddedChannel channel) {
        for (Packet p; (p = channel.readInbound()) != null; ) {
            assertThat(p.content().readableBytes()).isLessThanOrEqualTo(LIMIT);
            p.release();
        }
    }
}
