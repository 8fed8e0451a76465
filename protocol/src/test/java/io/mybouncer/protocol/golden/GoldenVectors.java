package io.mybouncer.protocol.golden;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Loads golden packet vectors from {@code src/test/resources/golden/<phase>/<name>.hex}.
 *
 * <p>Format: whitespace-separated hex bytes; {@code #} starts a comment that runs to the end of the
 * line (so each field can sit on its own line with its meaning). A file holds whole wire packets,
 * 4-byte headers included, one or several in a row. The first comment lines name the source
 * (server version and how the bytes were captured).
 *
 * <p>{@link #decode} and {@link #encode} run a packet's decoder and encoder over byte arrays, so a
 * test can check a vector both ways without handling a buffer; {@link #assertTruncationsRejected}
 * checks that a decoder refuses a vector cut short. All release every buffer they make.
 */
public final class GoldenVectors {
    private GoldenVectors() {
    }

    /** All bytes of the vector, headers included. */
    public static byte[] bytes(String name) {
        String resource = "/golden/" + name + ".hex";
        try (InputStream in = GoldenVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden vector " + resource);
            }
            return parseHex(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes of annotated hex: whitespace-separated tokens of whole bytes ({@code "0a 0b"} or
     * {@code "0a0b"}), {@code #} comments to the end of a line.
     *
     * @throws IllegalArgumentException when a token is not an even number of hex digits
     */
    public static byte[] parseHex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String data = comment >= 0 ? line.substring(0, comment) : line;
            for (String token : data.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    out.writeBytes(HexFormat.of().parseHex(token));
                }
            }
        }
        return out.toByteArray();
    }

    /** The vector cut into wire packets (continuations are not joined). Caller releases each. */
    public static List<Packet> packets(String name) {
        ByteBuf all = Unpooled.wrappedBuffer(bytes(name));
        List<Packet> packets = new ArrayList<>();
        while (all.isReadable()) {
            int length = all.readUnsignedMediumLE();
            int seq = all.readUnsignedByte();
            packets.add(new Packet(seq, Unpooled.copiedBuffer(all.readSlice(length))));
        }
        return packets;
    }

    /** The payload of a vector that holds exactly one packet. Caller releases it. */
    public static ByteBuf payload(String name) {
        List<Packet> packets = packets(name);
        if (packets.size() != 1) {
            packets.forEach(Packet::release);
            throw new IllegalArgumentException(name + " holds " + packets.size() + " packets, not 1");
        }
        return packets.get(0).content();
    }

    /** The payload bytes of a vector that holds exactly one packet. */
    public static byte[] payloadBytes(String name) {
        ByteBuf payload = payload(name);
        try {
            byte[] out = new byte[payload.readableBytes()];
            payload.getBytes(payload.readerIndex(), out);
            return out;
        } finally {
            payload.release();
        }
    }

    /** Runs {@code decoder} over a buffer holding {@code payload}, then releases the buffer. */
    public static <T> T decode(byte[] payload, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    /** The bytes {@code encoder} writes into a fresh buffer, which is released afterwards. */
    public static byte[] encode(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Every proper prefix of {@code payload} is refused with a {@link ProtocolException}. */
    public static void assertEveryTruncationRejected(byte[] payload, Function<ByteBuf, ?> decoder) {
        assertTruncationsRejected(payload, payload.length, decoder);
    }

    /**
     * Every prefix of {@code payload} shorter than {@code shorterThan} bytes is refused with a
     * {@link ProtocolException}: for packets whose longer prefixes are valid packets of their own.
     */
    public static void assertTruncationsRejected(byte[] payload, int shorterThan, Function<ByteBuf, ?> decoder) {
        for (int length = 0; length < shorterThan; length++) {
            byte[] prefix = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> decode(prefix, decoder))
                    .as("prefix of %d of %d bytes", length, payload.length)
                    .isInstanceOf(ProtocolException.class);
        }
    }
}
