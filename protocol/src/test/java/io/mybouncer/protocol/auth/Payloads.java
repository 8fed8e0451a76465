package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Function;

/** Runs decoders and encoders over byte arrays, releasing every buffer it makes. */
final class Payloads {
    private Payloads() {
    }

    /** The payload of the one-packet golden vector {@code connection/<name>}. */
    static byte[] golden(String name) {
        return GoldenVectors.payloadBytes("connection/" + name);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static <T> T decode(byte[] payload, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    static byte[] encode(Consumer<ByteBuf> encoder) {
        ByteBuf out = Unpooled.buffer();
        try {
            encoder.accept(out);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }
}
