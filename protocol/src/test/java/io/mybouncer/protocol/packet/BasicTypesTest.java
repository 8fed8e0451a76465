package io.mybouncer.protocol.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BasicTypesTest {
    @ParameterizedTest
    @CsvSource({
        "0, 00",
        "250, fa",
        "251, fc fb 00",
        "65535, fc ff ff",
        "65536, fd 00 00 01",
        "16777215, fd ff ff ff",
        "16777216, fe 00 00 00 01 00 00 00 00",
    })
    void lenencIntegersMatchTheSpecBoundaries(long value, String hex) {
        ByteBuf buf = Unpooled.buffer();
        BasicTypes.writeIntLenenc(buf, value);
        assertThat(buf).isEqualTo(Unpooled.wrappedBuffer(hex(hex)));
        assertThat(BasicTypes.intLenenc(buf, "v")).isEqualTo(value);
        assertThat(buf.isReadable()).isFalse();
        buf.release();
    }

    @Test
    void lenencRejectsNullAndErrMarkersAsIntegers() {
        for (int marker : new int[] {0xFB, 0xFF}) {
            ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) marker});
            assertThatThrownBy(() -> BasicTypes.intLenenc(buf, "affected rows"))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("affected rows at offset 0");
            assertThat(buf.readerIndex()).isZero();
        }
    }

    @Test
    void truncatedLenencNamesFieldAndOffset() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("01 fd 01 02"));
        buf.skipBytes(1);
        assertThatThrownBy(() -> BasicTypes.intLenenc(buf, "column count"))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("column count at offset 2: truncated, 2 bytes left (expected: 3)");
    }

    @Test
    void lenencStringLongerThanThePayloadIsRefusedWithoutAllocating() {
        // Claims 2^62 bytes; only 3 arrived.
        ByteBuf buf = Unpooled.wrappedBuffer(hex("fe 00 00 00 00 00 00 00 40 61 62 63"));
        assertThatThrownBy(() -> BasicTypes.stringLenenc(buf, "name"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("name at offset 0: 4611686018427387904 (expected: <= 3 remaining bytes)");
    }

    @Test
    void lenencStringWithUnsignedOverflowIsRefused() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("fe ff ff ff ff ff ff ff ff"));
        assertThatThrownBy(() -> BasicTypes.bytesLenenc(buf, "data"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("18446744073709551615");
    }

    @Test
    void nulStringWithoutTerminatorIsRefused() {
        ByteBuf buf = Unpooled.wrappedBuffer("abc".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> BasicTypes.stringNul(buf, "server version"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("server version at offset 0: no NUL terminator");
    }

    @Test
    void stringsRoundTrip() {
        ByteBuf buf = Unpooled.buffer();
        BasicTypes.writeStringNul(buf, "mysql_native_password");
        BasicTypes.writeStringLenenc(buf, "größe");
        BasicTypes.writeStringEof(buf, "rest");
        assertThat(BasicTypes.stringNul(buf, "a")).isEqualTo("mysql_native_password");
        assertThat(BasicTypes.stringLenenc(buf, "b")).isEqualTo("größe");
        assertThat(BasicTypes.stringEof(buf)).isEqualTo("rest");
        buf.release();
    }

    @Test
    void fixedIntegersAreLittleEndian() {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("01 02 03 04 05 06 07 08 09 0a"));
        assertThat(BasicTypes.int2(buf, "a")).isEqualTo(0x0201);
        assertThat(BasicTypes.int4(buf, "b")).isEqualTo(0x06050403L);
        assertThatThrownBy(() -> BasicTypes.int8(buf, "c")).isInstanceOf(ProtocolException.class);
        assertThat(BasicTypes.int3(buf, "d")).isEqualTo(0x090807);
        assertThat(BasicTypes.int1(buf, "e")).isEqualTo(0x0A);
    }

    @Property
    void lenencRoundTripsEveryNonNegativeValue(@ForAll @Positive long value) {
        ByteBuf buf = Unpooled.buffer();
        BasicTypes.writeIntLenenc(buf, value);
        assertThat(buf.readableBytes()).isEqualTo(BasicTypes.lenencSize(buf.getUnsignedByte(0)));
        assertThat(BasicTypes.intLenenc(buf, "v")).isEqualTo(value);
        buf.release();
    }

    /**
     * Vitess's rule: a buffer starting with 0xFE is either an EOF-sized packet or an 8-byte lenenc
     * integer, never both — the lenenc form needs 9 bytes, an EOF packet has fewer.
     */
    @Property
    void bufferStartingWithFeIsEofSizedOrAFullLenenc(@ForAll byte[] rest) {
        ByteBuf buf = Unpooled.buffer().writeByte(0xFE).writeBytes(rest);
        boolean eofSized = buf.readableBytes() < 9;
        if (eofSized) {
            assertThatThrownBy(() -> BasicTypes.intLenenc(buf, "v")).isInstanceOf(ProtocolException.class);
        } else {
            BasicTypes.intLenenc(buf, "v");
            assertThat(buf.readerIndex()).isEqualTo(9);
        }
        buf.release();
    }

    @Property
    void readersOnRandomBytesOnlyThrowProtocolException(@ForAll byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            while (buf.isReadable()) {
                BasicTypes.bytesLenenc(buf, "v");
                BasicTypes.stringNul(buf, "w");
            }
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).contains("at offset");
        }
    }

    static byte[] hex(String hex) {
        String[] parts = hex.trim().split("\\s+");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }
}
