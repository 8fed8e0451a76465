package io.mybouncer.protocol.resultset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.resultset.ColumnType.BinaryEncoding;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {
    @Test
    void findsEveryTypeByItsCode() {
        for (ColumnType type : ColumnType.values()) {
            assertThat(ColumnType.of(type.code())).isSameAs(type);
        }
        assertThat(ColumnType.of(0xF2)).isEqualTo(ColumnType.MYSQL_TYPE_VECTOR);
        assertThat(ColumnType.of(0xF5)).isEqualTo(ColumnType.MYSQL_TYPE_JSON);
        assertThat(ColumnType.of(0xFF)).isEqualTo(ColumnType.MYSQL_TYPE_GEOMETRY);
    }

    @Test
    void returnsNullForCodesThatNameNoType() {
        for (int code : new int[] {0x15, 0x7F, 0xF1, 0xF3, 0xF4}) {
            assertThat(ColumnType.of(code)).as("0x%02X", code).isNull();
        }
        assertThat(ColumnType.of(-1)).isEqualTo(ColumnType.MYSQL_TYPE_GEOMETRY);
    }

    @Test
    void coversTheDocumentedCodeRanges() {
        for (int code = 0x00; code <= 0x14; code++) {
            assertThat(ColumnType.of(code)).as("0x%02X", code).isNotNull();
        }
        for (int code = 0xF5; code <= 0xFF; code++) {
            assertThat(ColumnType.of(code)).as("0x%02X", code).isNotNull();
        }
        assertThat(ColumnType.values()).hasSize(0x15 + 1 + 0x0B);
    }

    @Test
    void fixesBinaryLengthsOfNumericTypes() {
        assertThat(ColumnType.MYSQL_TYPE_TINY.binaryEncoding().fixedLength()).isEqualTo(1);
        assertThat(ColumnType.MYSQL_TYPE_SHORT.binaryEncoding().fixedLength()).isEqualTo(2);
        assertThat(ColumnType.MYSQL_TYPE_YEAR.binaryEncoding().fixedLength()).isEqualTo(2);
        assertThat(ColumnType.MYSQL_TYPE_INT24.binaryEncoding().fixedLength()).isEqualTo(4);
        assertThat(ColumnType.MYSQL_TYPE_LONG.binaryEncoding().fixedLength()).isEqualTo(4);
        assertThat(ColumnType.MYSQL_TYPE_FLOAT.binaryEncoding().fixedLength()).isEqualTo(4);
        assertThat(ColumnType.MYSQL_TYPE_DOUBLE.binaryEncoding().fixedLength()).isEqualTo(8);
        assertThat(ColumnType.MYSQL_TYPE_LONGLONG.binaryEncoding().fixedLength()).isEqualTo(8);
    }

    @Test
    void allowsOnlyTheDocumentedTemporalLengths() {
        EnumSet<ColumnType> dateTimes = EnumSet.of(ColumnType.MYSQL_TYPE_DATE, ColumnType.MYSQL_TYPE_DATETIME,
                ColumnType.MYSQL_TYPE_TIMESTAMP);
        for (ColumnType type : dateTimes) {
            assertThat(type.binaryEncoding()).isEqualTo(BinaryEncoding.DATE_TIME);
        }
        assertThat(ColumnType.MYSQL_TYPE_TIME.binaryEncoding()).isEqualTo(BinaryEncoding.TIME);
        for (int length = 0; length <= 13; length++) {
            assertThat(BinaryEncoding.DATE_TIME.allowsLength(length)).as("datetime %d", length)
                    .isEqualTo(length == 0 || length == 4 || length == 7 || length == 11);
            assertThat(BinaryEncoding.TIME.allowsLength(length)).as("time %d", length)
                    .isEqualTo(length == 0 || length == 8 || length == 12);
        }
    }

    @Test
    void sendsStringsDecimalsAndBlobsAsLenenc() {
        EnumSet<ColumnType> lenenc = EnumSet.of(ColumnType.MYSQL_TYPE_DECIMAL, ColumnType.MYSQL_TYPE_NEWDECIMAL,
                ColumnType.MYSQL_TYPE_VARCHAR, ColumnType.MYSQL_TYPE_BIT, ColumnType.MYSQL_TYPE_VECTOR,
                ColumnType.MYSQL_TYPE_JSON, ColumnType.MYSQL_TYPE_ENUM, ColumnType.MYSQL_TYPE_SET,
                ColumnType.MYSQL_TYPE_TINY_BLOB, ColumnType.MYSQL_TYPE_MEDIUM_BLOB, ColumnType.MYSQL_TYPE_LONG_BLOB,
                ColumnType.MYSQL_TYPE_BLOB, ColumnType.MYSQL_TYPE_VAR_STRING, ColumnType.MYSQL_TYPE_STRING,
                ColumnType.MYSQL_TYPE_GEOMETRY);
        for (ColumnType type : ColumnType.values()) {
            assertThat(type.binaryEncoding() == BinaryEncoding.LENENC).as(type.name()).isEqualTo(lenenc.contains(type));
        }
    }

    @Test
    void givesInternalTypesNoBinaryEncoding() {
        for (ColumnType type : EnumSet.of(ColumnType.MYSQL_TYPE_NEWDATE, ColumnType.MYSQL_TYPE_TIMESTAMP2,
                ColumnType.MYSQL_TYPE_DATETIME2, ColumnType.MYSQL_TYPE_TIME2, ColumnType.MYSQL_TYPE_TYPED_ARRAY)) {
            assertThat(type.binaryEncoding()).isEqualTo(BinaryEncoding.INTERNAL);
            assertThat(type.binaryEncoding().allowsLength(0)).isFalse();
        }
        assertThat(ColumnType.MYSQL_TYPE_NULL.binaryEncoding().allowsLength(0)).isFalse();
    }

    @Test
    void rejectsAnUnknownTypeByteWithItsOffset() {
        assertThat(ColumnType.of(0xFE, "column definition", "type", 7)).isEqualTo(ColumnType.MYSQL_TYPE_STRING);
        assertThatThrownBy(() -> ColumnType.of(0xF3, "column definition", "type", 7))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("column definition: type at offset 7: 0xF3 (expected: a MYSQL_TYPE_* code)");
    }

    @Test
    void skipsOneValueOfEachEncodingAndNothingAfterIt() {
        assertSkips(ColumnType.MYSQL_TYPE_TINY, new byte[] {9}, 1);
        assertSkips(ColumnType.MYSQL_TYPE_YEAR, new byte[] {(byte) 0xE8, 0x07}, 2);
        assertSkips(ColumnType.MYSQL_TYPE_INT24, new byte[] {1, 2, 3, 4}, 4);
        assertSkips(ColumnType.MYSQL_TYPE_DOUBLE, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 8);
        assertSkips(ColumnType.MYSQL_TYPE_JSON, new byte[] {2, '{', '}'}, 2);
        assertSkips(ColumnType.MYSQL_TYPE_DATE, new byte[] {4, (byte) 0xE8, 0x07, 1, 2}, 4);
        assertSkips(ColumnType.MYSQL_TYPE_TIME, new byte[] {0}, 0);
        assertSkips(ColumnType.MYSQL_TYPE_NULL, new byte[0], 0);
    }

    @Test
    void returnsATemporalLengthAsSentForTheReaderToJudge() {
        // 5 is no documented DATETIME length; only a reader that interprets the value rejects it.
        assertSkips(ColumnType.MYSQL_TYPE_DATETIME, new byte[] {5, 1, 2, 3, 4, 5}, 5);
    }

    @Test
    void rejectsValuesThatDoNotFit() {
        assertThatThrownBy(() -> skip(ColumnType.MYSQL_TYPE_LONGLONG, new byte[] {1, 2, 3}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("v at offset 0: truncated");
        assertThatThrownBy(() -> skip(ColumnType.MYSQL_TYPE_BLOB, new byte[] {3, 'a', 'b'}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("v at offset 0: 3");
        assertThatThrownBy(() -> skip(ColumnType.MYSQL_TYPE_TIMESTAMP, new byte[] {7, 1, 2}))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("v at offset 1: truncated");
        assertThatThrownBy(() -> skip(ColumnType.MYSQL_TYPE_TIME, new byte[0]))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("v length at offset 0: truncated");
    }

    @Test
    void rejectsAValueOfAnInternalType() {
        assertThatThrownBy(() -> skip(ColumnType.MYSQL_TYPE_TIMESTAMP2, new byte[] {0}))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("binary protocol value: v at offset 0: type 0x11 MYSQL_TYPE_TIMESTAMP2"
                        + " (expected: a type with a binary value form)");
    }

    /** Skips one value of {@code type} followed by a marker byte; checks the length and the stop. */
    private static void assertSkips(ColumnType type, byte[] value, int length) {
        ByteBuf buf = Unpooled.buffer().writeBytes(value).writeByte(0x7E);
        try {
            assertThat(type.readValueLength(buf.duplicate(), "v")).as(type.name()).isEqualTo(length);
            type.skipValue(buf, "v");
            assertThat(buf.readableBytes()).as(type.name()).isEqualTo(1);
            assertThat(buf.readByte()).isEqualTo((byte) 0x7E);
        } finally {
            buf.release();
        }
    }

    private static void skip(ColumnType type, byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            type.skipValue(buf, "v");
        } finally {
            buf.release();
        }
    }
}
