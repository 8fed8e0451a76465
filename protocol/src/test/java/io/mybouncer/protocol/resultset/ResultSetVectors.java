package io.mybouncer.protocol.resultset;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The golden result-set vectors as payload byte arrays, and hostile variants of them from which
 * only {@link ProtocolException} may escape. Every buffer made here is released here.
 */
final class ResultSetVectors {
    private ResultSetVectors() {
    }

    /** The payloads (headers stripped) of the packets of {@code golden/resultset/<name>.hex}. */
    static List<byte[]> payloads(String name) {
        List<byte[]> payloads = new ArrayList<>();
        for (Packet packet : GoldenVectors.packets("resultset/" + name)) {
            try {
                payloads.add(ByteBufUtil.getBytes(packet.content()));
            } finally {
                packet.release();
            }
        }
        return payloads;
    }

    static byte[] payload(String name) {
        List<byte[]> payloads = payloads(name);
        assertThat(payloads).hasSize(1);
        return payloads.get(0);
    }

    /** Decoding either succeeds or fails with a {@link ProtocolException}; nothing else escapes. */
    static void assertOnlyProtocolException(byte[] bytes, Function<ByteBuf, ?> decoder) {
        Throwable thrown = catchThrowable(() -> decode(bytes, decoder));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProtocolException.class);
        }
    }

    /**
     * Golden payloads with one hostile edit each: a byte overwritten, the payload cut short, or a
     * byte inserted. Most edits land in lengths and counts, which is where decoders go wrong.
     */
    static Arbitrary<byte[]> mutated(List<byte[]> seeds) {
        Arbitrary<byte[]> seed = Arbitraries.of(seeds);
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 1 << 17);
        Arbitrary<Byte> value = Arbitraries.oneOf(Arbitraries.bytes(),
                Arbitraries.of((byte) 0x00, (byte) 0xFB, (byte) 0xFC, (byte) 0xFD, (byte) 0xFE, (byte) 0xFF));
        Arbitrary<Integer> edit = Arbitraries.integers().between(0, 2);
        return Combinators.combine(seed, position, value, edit).as((bytes, at, b, kind) -> {
            if (bytes.length == 0) {
                return new byte[] {b};
            }
            int index = at % bytes.length;
            switch (kind) {
                case 0: {
                    byte[] out = bytes.clone();
                    out[index] = b;
                    return out;
                }
                case 1:
                    return Arrays.copyOf(bytes, index);
                default: {
                    byte[] out = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, out, 0, index);
                    out[index] = b;
                    System.arraycopy(bytes, index, out, index + 1, bytes.length - index);
                    return out;
                }
            }
        });
    }

    /** Random payloads of up to 64 bytes. */
    static Arbitrary<byte[]> random() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
    }
}
