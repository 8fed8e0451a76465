package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.response.GoldenCapabilities.CLI;
import static io.mybouncer.protocol.response.GoldenCapabilities.DEPRECATE_EOF;
import static io.mybouncer.protocol.response.GoldenCapabilities.PRE_41;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EofPacketTest {
    static Stream<Arguments> vectors() {
        ServerStatus noIndex = new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.QUERY_NO_INDEX_USED);
        return Stream.of(
                arguments("text-resultset-eof", 5, new EofPacket(0, noIndex)),
                arguments("text-resultset-eof", -1, new EofPacket(0, noIndex)),
                arguments("call-two-resultsets", 3, new EofPacket(0, new ServerStatus(
                        ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS))),
                arguments("set-option-eof", 1, new EofPacket(0, new ServerStatus(ServerStatus.AUTOCOMMIT))));
    }

    @ParameterizedTest(name = "{0} packet {1}")
    @MethodSource("vectors")
    void decodesAndEncodesCapturedEof(String name, int index, EofPacket expected) {
        byte[] bytes = GoldenPayloads.payload(name, index);
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(EofPacket.isEof(payload, CLI)).isTrue();
            assertThat(EofPacket.decode(payload, CLI)).isEqualTo(expected);
            expected.encode(out, CLI);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
        } finally {
            payload.release();
            out.release();
        }
    }

    @Test
    void decodesAndEncodesThePre41SingleByteEof() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFE});
        ByteBuf out = Unpooled.buffer();
        try {
            EofPacket eof = EofPacket.decode(payload, PRE_41);
            assertThat(eof).isEqualTo(new EofPacket(0, new ServerStatus(0)));
            eof.encode(out, PRE_41);
            assertThat(ByteBufUtil.getBytes(out)).containsExactly(0xFE);
        } finally {
            payload.release();
            out.release();
        }
    }

    @Test
    void takesA0xFEPayloadOfNineBytesOrMoreAsLengthEncodedWithoutDeprecateEof() {
        assertIsEof(5, CLI, true);
        assertIsEof(8, CLI, true);
        assertIsEof(9, CLI, false);
    }

    @Test
    void takesEvery0xFEPayloadShorterThan0xFFFFFFAsTerminatorWithDeprecateEof() {
        assertIsEof(7, DEPRECATE_EOF, true);
        assertIsEof(40, DEPRECATE_EOF, true);
        assertIsEof(Packet.MAX_PAYLOAD - 1, DEPRECATE_EOF, true);
        assertIsEof(Packet.MAX_PAYLOAD, DEPRECATE_EOF, false);
    }

    @Test
    void needsThe0xFEHeader() {
        ByteBuf ok = Unpooled.wrappedBuffer(new byte[] {0x00, 0x00, 0x00, 0x02, 0x00});
        try {
            assertThat(EofPacket.isEof(ok, CLI)).isFalse();
            assertThat(EofPacket.isEof(Unpooled.EMPTY_BUFFER, CLI)).isFalse();
            assertThatThrownBy(() -> EofPacket.decode(ok, CLI)).isInstanceOf(ProtocolException.class);
        } finally {
            ok.release();
        }
    }

    private static void assertIsEof(int length, CapabilitySet caps, boolean expected) {
        ByteBuf payload = Unpooled.buffer(length);
        try {
            payload.writeByte(EofPacket.HEADER).writeZero(length - 1);
            assertThat(EofPacket.isEof(payload, caps)).as("0xFE payload of %d bytes", length).isEqualTo(expected);
        } finally {
            payload.release();
        }
    }
}
