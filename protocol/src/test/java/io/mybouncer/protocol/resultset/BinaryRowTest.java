package io.mybouncer.protocol.resultset;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.resultset.ColumnCountTest.MARIADB_CACHE_METADATA;
import static io.mybouncer.protocol.resultset.ColumnCountTest.MYSQL_CLIENT;
import static io.mybouncer.protocol.golden.GoldenVectors.assertEveryTruncationRejected;
import static io.mybouncer.protocol.resultset.ResultSetVectors.assertOnlyProtocolException;
import static io.mybouncer.protocol.resultset.ResultSetVectors.payload;
import static io.mybouncer.protocol.resultset.ResultSetVectors.payloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BinaryRowTest {
    /** ti, tu, si, su, mi, i, iu, bi, bu, f, d, de, dt, dtm, tm, ts, vc, bl, from the captured definitions. */
    private static final List<ColumnType> TYPES = types("binary-column-definitions", MYSQL_CLIENT);

    private static List<ColumnType> types(String vector, CapabilitySet capabilities) {
        List<ColumnType> types = new ArrayList<>();
        for (byte[] payload : payloads(vector)) {
            types.add(decode(payload, b -> ColumnDefinition41.decode(b, capabilities)).type());
        }
        return types;
    }

    private static byte[] le(long value, int length) {
        ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        return Arrays.copyOf(out.array(), length);
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static BinaryRow row(byte[]... values) {
        return new BinaryRow(TYPES, Arrays.asList(values));
    }

    @Test
    void decodesEveryCommonTypeWithLongestTemporalValues() {
        byte[] bytes = payloads("binary-rows").get(0);

        BinaryRow row = decode(bytes, b -> BinaryRow.decode(b, TYPES));

        assertThat(row).isEqualTo(row(le(-128, 1), le(255, 1), le(-32768, 2), le(65535, 2), le(-8388608, 4),
                le(Integer.MIN_VALUE, 4), le(4294967295L, 4), le(Long.MIN_VALUE, 8), le(-1, 8),
                le(Float.floatToIntBits(1.5f), 4), le(Double.doubleToLongBits(-2.25), 8), text("-12345.67"),
                new BinaryDateTime(2024, 2, 29, 0, 0, 0, 0).toBytes(),
                new BinaryDateTime(2024, 2, 29, 13, 45, 7, 123_456).toBytes(),
                BinaryTime.of(Duration.parse("-PT25H30M15.5S")).toBytes(),
                new BinaryDateTime(2001, 2, 3, 4, 5, 6, 0).toBytes(), text("héllo"), new byte[] {0x00, (byte) 0xFF, 0x10}));
        assertThat(encode(row::encode)).isEqualTo(bytes);
    }

    @Test
    void readsTypedValuesOfEveryCommonType() {
        BinaryRow row = decode(payloads("binary-rows").get(0), b -> BinaryRow.decode(b, TYPES));

        assertThat(row.integer(0, false)).isEqualTo(-128L);
        assertThat(row.integer(1, true)).isEqualTo(255L);
        assertThat(row.integer(2, false)).isEqualTo(-32768L);
        assertThat(row.integer(3, true)).isEqualTo(65535L);
        assertThat(row.integer(4, false)).isEqualTo(-8388608L);
        assertThat(row.integer(5, false)).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(row.integer(6, true)).isEqualTo(4294967295L);
        assertThat(row.integer(7, false)).isEqualTo(Long.MIN_VALUE);
        assertThat(Long.toUnsignedString(row.integer(8, true))).isEqualTo("18446744073709551615");
        assertThat(row.real(9)).isEqualTo(1.5);
        assertThat(row.real(10)).isEqualTo(-2.25);
        assertThat(row.string(11)).isEqualTo("-12345.67");
        assertThat(row.dateTime(12)).isEqualTo(new BinaryDateTime(2024, 2, 29, 0, 0, 0, 0));
        assertThat(row.dateTime(13).toLocalDateTime()).hasToString("2024-02-29T13:45:07.123456");
        assertThat(row.time(14).toDuration()).isEqualTo(Duration.parse("-PT25H30M15.5S"));
        assertThat(row.dateTime(15)).hasToString("2001-02-03 04:05:06.000000");
        assertThat(row.string(16)).isEqualTo("héllo");
        assertThat(row.values().get(17)).containsExactly(0x00, 0xFF, 0x10);
    }

    @Test
    void decodesNullsInTheMiddleAndShortTemporalValues() {
        byte[] second = payloads("binary-rows").get(1);
        byte[] third = payloads("binary-rows").get(2);

        BinaryRow row2 = decode(second, b -> BinaryRow.decode(b, TYPES));
        BinaryRow row3 = decode(third, b -> BinaryRow.decode(b, TYPES));

        assertThat(row2).isEqualTo(row(le(1, 1), null, le(2, 2), null, le(3, 4), null, le(4, 4), null, le(5, 8), null,
                le(Double.doubleToLongBits(6.5), 8), null, new BinaryDateTime(1999, 12, 31, 0, 0, 0, 0).toBytes(),
                new BinaryDateTime(2024, 1, 1, 0, 0, 0, 0).toBytes(), new byte[0], null, new byte[0], null));
        assertThat(row3).isEqualTo(row(null, le(7, 1), null, le(8, 2), null, le(9, 4), null, le(10, 8), null,
                le(Float.floatToIntBits(0.25f), 4), null, text("0.00"), null,
                new BinaryDateTime(2024, 1, 1, 10, 20, 30, 0).toBytes(), BinaryTime.of(Duration.parse("PT12H34M56S")).toBytes(),
                new BinaryDateTime(2038, 1, 19, 3, 14, 7, 0).toBytes(), null, new byte[0]));
        assertThat(row2.values().get(13)).hasSize(4);
        assertThat(row2.time(14)).isEqualTo(BinaryTime.ZERO);
        assertThat(row2.isNull(1)).isTrue();
        assertThat(row2.integer(1, true)).isNull();
        assertThat(row3.values().get(13)).hasSize(7);
        assertThat(row3.values().get(14)).hasSize(8);
        assertThat(encode(row2::encode)).isEqualTo(second);
        assertThat(encode(row3::encode)).isEqualTo(third);
    }

    @Test
    void decodesMariaDbJsonGeometryUuidAndInet6() {
        List<ColumnType> types = types("extended-metadata-column-definitions", MARIADB_CACHE_METADATA);
        byte[] bytes = payload("extended-metadata-binary-row");

        BinaryRow row = decode(bytes, b -> BinaryRow.decode(b, types));

        assertThat(row.integer(0, false)).isEqualTo(1L);
        assertThat(row.string(1)).isEqualTo("{\"a\": 1}");
        // 4 bytes SRID 0, then WKB: little-endian, type 1 (point), x = 1.0, y = 2.0.
        assertThat(row.values().get(2)).hasSize(25).startsWith(0, 0, 0, 0, 1, 1, 0, 0, 0);
        assertThat(row.string(3)).isEqualTo("123e4567-e89b-12d3-a456-426655440000");
        assertThat(row.string(4)).isEqualTo("::1");
        assertThat(encode(row::encode)).isEqualTo(bytes);
    }

    @Test
    void sizesTheNullBitmapWithItsTwoReservedBits() {
        assertThat(BinaryRow.nullBitmapLength(1)).isEqualTo(1);
        assertThat(BinaryRow.nullBitmapLength(6)).isEqualTo(1);
        assertThat(BinaryRow.nullBitmapLength(7)).isEqualTo(2);
        assertThat(BinaryRow.nullBitmapLength(18)).isEqualTo(3);
        assertThat(encode(new BinaryRow(List.of(ColumnType.MYSQL_TYPE_TINY), Arrays.asList((byte[]) null))::encode))
                .containsExactly(0x00, 0x04);
    }

    @Test
    void rejectsHeaderOtherThanZero() {
        byte[] bytes = payloads("binary-rows").get(1).clone();
        bytes[0] = (byte) 0xFE;

        assertThatThrownBy(() -> decode(bytes, b -> BinaryRow.decode(b, TYPES)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("header at offset 0: 0xFE (expected: 0x00)");
    }

    @Test
    void rejectsBitmapShorterThanTheColumnCountSays() {
        // Ten columns need a 2-byte bitmap; this row has room for one.
        byte[] bytes = {0x00, (byte) 0xFC};

        List<ColumnType> tinyints = Collections.nCopies(10, ColumnType.MYSQL_TYPE_TINY);
        assertThatThrownBy(() -> decode(bytes, b -> BinaryRow.decode(b, tinyints)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("null_bitmap");
    }

    @Test
    void rejectsReservedAndPaddingBitsInTheBitmap() {
        List<ColumnType> one = List.of(ColumnType.MYSQL_TYPE_TINY);

        assertThatThrownBy(() -> decode(new byte[] {0x00, 0x01, 0x05}, b -> BinaryRow.decode(b, one)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("bit 0 set");
        assertThatThrownBy(() -> decode(new byte[] {0x00, 0x08, 0x05}, b -> BinaryRow.decode(b, one)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("bit 3 set");
    }

    @Test
    void rejectsTemporalLengthsOutsideTheAllowedSet() {
        assertThatThrownBy(() -> decode(new byte[] {0x00, 0x00, 0x05, 1, 2, 3, 4, 5},
                b -> BinaryRow.decode(b, List.of(ColumnType.MYSQL_TYPE_DATETIME))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0, 4, 7 or 11");
        assertThatThrownBy(() -> decode(new byte[] {0x00, 0x00, 0x04, 1, 2, 3, 4},
                b -> BinaryRow.decode(b, List.of(ColumnType.MYSQL_TYPE_TIME))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0, 8 or 12");
    }

    @Test
    void rejectsValuesForTypesWithoutBinaryEncoding() {
        for (ColumnType type : List.of(ColumnType.MYSQL_TYPE_NULL, ColumnType.MYSQL_TYPE_DATETIME2)) {
            assertThatThrownBy(() -> decode(new byte[] {0x00, 0x00, 0x00}, b -> BinaryRow.decode(b, List.of(type))))
                    .as(type.name())
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("not NULL in the bitmap");
            assertThatThrownBy(() -> new BinaryRow(List.of(type), List.of(new byte[0])))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        BinaryRow allNull = decode(new byte[] {0x00, 0x04}, b -> BinaryRow.decode(b, List.of(ColumnType.MYSQL_TYPE_NULL)));
        assertThat(allNull.isNull(0)).isTrue();
    }

    @Test
    void rejectsLenencLengthPastThePayload() {
        assertThatThrownBy(() -> decode(new byte[] {0x00, 0x00, (byte) 0xFC, (byte) 0xFF, 0x00, 'x'},
                b -> BinaryRow.decode(b, List.of(ColumnType.MYSQL_TYPE_BLOB))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("MYSQL_TYPE_BLOB");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] golden = payloads("binary-rows").get(1);
        byte[] bytes = Arrays.copyOf(golden, golden.length + 2);

        assertThatThrownBy(() -> decode(bytes, b -> BinaryRow.decode(b, TYPES)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("2 trailing bytes");
    }

    @Test
    void rejectsEveryTruncation() {
        for (byte[] payload : payloads("binary-rows")) {
            assertEveryTruncationRejected(payload, b -> BinaryRow.decode(b, TYPES));
        }
    }

    @Test
    void refusesToBuildRowsItCouldNotEncode() {
        assertThatThrownBy(() -> new BinaryRow(List.of(ColumnType.MYSQL_TYPE_LONG), List.of(new byte[3])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 0");
        assertThatThrownBy(() -> new BinaryRow(List.of(ColumnType.MYSQL_TYPE_LONG), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        BinaryRow row = decode(payloads("binary-rows").get(0), b -> BinaryRow.decode(b, TYPES));
        assertThatThrownBy(() -> row.string(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> row.integer(9, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll("hostile") byte[] bytes) {
        assertOnlyProtocolException(bytes, b -> BinaryRow.decode(b, TYPES));
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return Arbitraries.oneOf(ResultSetVectors.random(), ResultSetVectors.mutated(payloads("binary-rows")));
    }

    @Property
    void encodedRowsDecodeToThemselves(@ForAll("rows") BinaryRow row) {
        BinaryRow decoded = decode(encode(row::encode), b -> BinaryRow.decode(b, row.types()));

        assertThat(decoded).isEqualTo(row);
    }

    @Provide
    Arbitrary<BinaryRow> rows() {
        Arbitrary<ColumnType> type = Arbitraries.of(ColumnType.class).filter(
                t -> t.binaryEncoding() != ColumnType.BinaryEncoding.INTERNAL
                        && t.binaryEncoding() != ColumnType.BinaryEncoding.ALWAYS_NULL);
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Integer> temporalLength = Arbitraries.of(0, 4, 7, 8, 11, 12);
        Arbitrary<List<Object[]>> columns = Combinators.combine(type, raw, temporalLength, Arbitraries.integers().between(0, 4))
                .as((t, bytes, length, nullChance) -> new Object[] {t, valueFor(t, bytes, length, nullChance == 0)})
                .list().ofMaxSize(20);
        return columns.map(list -> {
            List<ColumnType> types = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (Object[] column : list) {
                types.add((ColumnType) column[0]);
                values.add((byte[]) column[1]);
            }
            return new BinaryRow(types, values);
        });
    }

    /** A value of the type's length built from random bytes, or {@code null}. */
    private static byte[] valueFor(ColumnType type, byte[] bytes, int temporalLength, boolean isNull) {
        if (isNull) {
            return null;
        }
        ColumnType.BinaryEncoding encoding = type.binaryEncoding();
        if (encoding == ColumnType.BinaryEncoding.LENENC) {
            return bytes;
        }
        int length = encoding.fixedLength() >= 0 ? encoding.fixedLength()
                : encoding.allowsLength(temporalLength) ? temporalLength : 0;
        return Arrays.copyOf(bytes, length);
    }
}
