package io.mybouncer.protocol.command;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import java.util.function.Function;

/** The command golden vectors, by name. */
final class Wire {
    private Wire() {
    }

    /** Decodes the payload of a golden vector under {@code command/}. */
    static <T> T decode(String vector, Function<ByteBuf, T> decoder) {
        return GoldenVectors.decode(payload(vector), decoder);
    }

    static byte[] payload(String vector) {
        return GoldenVectors.payloadBytes("command/" + vector);
    }
}
