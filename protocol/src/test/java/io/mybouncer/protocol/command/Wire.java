package io.mybouncer.protocol.command;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs decoders over golden payloads and encoders into fresh buffers, releasing every buffer. */
final class Wire {
    private Wire() {
    }

    /** Decodes the payload of a golden vector under {@code command/}. */
    static <T> T decode(String vector, Function<ByteBuf, T> decoder) {
        return decode(GoldenVectors.payloadBytes("command/" + vector), decoder);
    }

    static <T> T decode(byte[] payload, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    /** The bytes an encoder writes. */
    static byte[] encode(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    static byte[] payload(String vector) {
        return GoldenVectors.payloadBytes("command/" + vector);
    }
}
