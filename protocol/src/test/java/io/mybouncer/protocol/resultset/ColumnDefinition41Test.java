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
import static org.assertj.core.api.Assertions.tuple;

import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ColumnDefinition41Test {
    private static final int UTF8MB4_GENERAL_CI = 45;

    private static List<ColumnDefinition41> decodeAll(String name, CapabilitySet capabilities) {
        List<ColumnDefinition41> columns = new ArrayList<>();
        for (byte[] payload : payloads(name)) {
            columns.add(decode(payload, b -> ColumnDefinition41.decode(b, capabilities)));
        }
        return columns;
    }

    private static void assertEncodesBackToVector(String name, CapabilitySet capabilities) {
        for (byte[] payload : payloads(name)) {
            ColumnDefinition41 column = decode(payload, b -> ColumnDefinition41.decode(b, capabilities));
            assertThat(encode(column::encode)).as(column.name()).isEqualTo(payload);
        }
    }

    @Test
    void decodesMariaDbTableColumnWithEmptyExtendedTypeInfo() {
        List<ColumnDefinition41> columns = decodeAll("text-column-definitions", MARIADB_CACHE_METADATA);

        assertThat(columns.get(0)).isEqualTo(new ColumnDefinition41("def", "test", "rs_text", "rs_text", "id", "id",
                ExtendedTypeInfo.EMPTY, ColumnDefinition41.BINARY_CHARSET, 11, ColumnType.MYSQL_TYPE_LONG,
                ColumnFlags.of(ColumnFlags.NOT_NULL, ColumnFlags.PRI_KEY, ColumnFlags.AUTO_INCREMENT, ColumnFlags.PART_KEY),
                0));
        assertThat(columns)
                .extracting(ColumnDefinition41::name, ColumnDefinition41::type, c -> c.flags().bits(),
                        ColumnDefinition41::characterSet, ColumnDefinition41::columnLength, ColumnDefinition41::decimals)
                .containsExactly(
                        tuple("id", ColumnType.MYSQL_TYPE_LONG, 0x4203, 63, 11L, 0),
                        tuple("name", ColumnType.MYSQL_TYPE_VAR_STRING, 0x0001, UTF8MB4_GENERAL_CI, 128L, 0),
                        tuple("note", ColumnType.MYSQL_TYPE_VAR_STRING, 0x0000, UTF8MB4_GENERAL_CI, 1200L, 0),
                        tuple("price", ColumnType.MYSQL_TYPE_NEWDECIMAL, 0x0001, 63, 10L, 2),
                        tuple("created", ColumnType.MYSQL_TYPE_DATETIME, 0x0080, 63, 19L, 0),
                        tuple("flag", ColumnType.MYSQL_TYPE_TINY, 0x0020, 63, 3L, 0));
        assertThat(columns).extracting(ColumnDefinition41::extendedTypeInfo).containsOnly(ExtendedTypeInfo.EMPTY);
    }

    @Test
    void encodesMariaDbTableColumnsBackToCapturedBytes() {
        assertEncodesBackToVector("text-column-definitions", MARIADB_CACHE_METADATA);
    }

    @Test
    void decodesMySqlClientColumnsOfEveryCommonType() {
        List<ColumnDefinition41> columns = decodeAll("binary-column-definitions", MYSQL_CLIENT);

        assertThat(columns.get(17)).isEqualTo(new ColumnDefinition41("def", "test", "rs_binary", "rs_binary", "bl",
                "bl", null, 63, 65535, ColumnType.MYSQL_TYPE_BLOB, ColumnFlags.of(ColumnFlags.BLOB, ColumnFlags.BINARY),
                0));
        assertThat(columns)
                .extracting(ColumnDefinition41::name, ColumnDefinition41::type, c -> c.flags().unsigned(),
                        ColumnDefinition41::decimals)
                .containsExactly(
                        tuple("ti", ColumnType.MYSQL_TYPE_TINY, false, 0),
                        tuple("tu", ColumnType.MYSQL_TYPE_TINY, true, 0),
                        tuple("si", ColumnType.MYSQL_TYPE_SHORT, false, 0),
                        tuple("su", ColumnType.MYSQL_TYPE_SHORT, true, 0),
                        tuple("mi", ColumnType.MYSQL_TYPE_INT24, false, 0),
                        tuple("i", ColumnType.MYSQL_TYPE_LONG, false, 0),
                        tuple("iu", ColumnType.MYSQL_TYPE_LONG, true, 0),
                        tuple("bi", ColumnType.MYSQL_TYPE_LONGLONG, false, 0),
                        tuple("bu", ColumnType.MYSQL_TYPE_LONGLONG, true, 0),
                        tuple("f", ColumnType.MYSQL_TYPE_FLOAT, false, 0x1F),
                        tuple("d", ColumnType.MYSQL_TYPE_DOUBLE, false, 0x1F),
                        tuple("de", ColumnType.MYSQL_TYPE_NEWDECIMAL, false, 2),
                        tuple("dt", ColumnType.MYSQL_TYPE_DATE, false, 0),
                        tuple("dtm", ColumnType.MYSQL_TYPE_DATETIME, false, 6),
                        tuple("tm", ColumnType.MYSQL_TYPE_TIME, false, 6),
                        tuple("ts", ColumnType.MYSQL_TYPE_TIMESTAMP, true, 0),
                        tuple("vc", ColumnType.MYSQL_TYPE_VAR_STRING, false, 0),
                        tuple("bl", ColumnType.MYSQL_TYPE_BLOB, false, 0));
        assertThat(columns).extracting(ColumnDefinition41::extendedTypeInfo).containsOnlyNulls();
    }

    @Test
    void encodesMySqlClientColumnsBackToCapturedBytes() {
        assertEncodesBackToVector("binary-column-definitions", MYSQL_CLIENT);
    }

    @Test
    void decodesMariaDbExtendedTypeNamesAndFormats() {
        List<ColumnDefinition41> columns = decodeAll("extended-metadata-column-definitions", MARIADB_CACHE_METADATA);

        assertThat(columns.get(1)).isEqualTo(new ColumnDefinition41("def", "test", "rs_extended", "rs_extended", "j",
                "j", new ExtendedTypeInfo(null, "json"), UTF8MB4_GENERAL_CI, 0xFFFF_FFFFL, ColumnType.MYSQL_TYPE_BLOB,
                ColumnFlags.of(ColumnFlags.BLOB, ColumnFlags.BINARY), 0));
        assertThat(columns)
                .extracting(ColumnDefinition41::name, ColumnDefinition41::type, ColumnDefinition41::extendedTypeInfo)
                .containsExactly(
                        tuple("id", ColumnType.MYSQL_TYPE_LONG, ExtendedTypeInfo.EMPTY),
                        tuple("j", ColumnType.MYSQL_TYPE_BLOB, new ExtendedTypeInfo(null, "json")),
                        tuple("p", ColumnType.MYSQL_TYPE_GEOMETRY, new ExtendedTypeInfo("point", null)),
                        tuple("u", ColumnType.MYSQL_TYPE_STRING, new ExtendedTypeInfo("uuid", null)),
                        tuple("a", ColumnType.MYSQL_TYPE_STRING, new ExtendedTypeInfo("inet6", null)));
    }

    @Test
    void encodesMariaDbExtendedTypeInfoBackToCapturedBytes() {
        assertEncodesBackToVector("extended-metadata-column-definitions", MARIADB_CACHE_METADATA);
    }

    @Test
    void decodesExpressionColumnWithoutSchemaOrTable() {
        byte[] bytes = payload("expression-column-definition");

        ColumnDefinition41 column = decode(bytes, b -> ColumnDefinition41.decode(b, MARIADB_CACHE_METADATA));

        assertThat(column).isEqualTo(new ColumnDefinition41("def", "", "", "", "big", "", ExtendedTypeInfo.EMPTY,
                UTF8MB4_GENERAL_CI, 1 << 20, ColumnType.MYSQL_TYPE_MEDIUM_BLOB, ColumnFlags.NONE, 39));
        assertThat(encode(column::encode)).isEqualTo(bytes);
    }

    @Test
    void buildsExpressionColumnsAsServersSendThemToMySqlClients() {
        byte[] captured = payload("expression-column-definition");
        // The capture carries MariaDB's one-byte empty extended block after the six names (offset 11);
        // a client without that capability gets the same bytes without it.
        byte[] withoutExtended = new byte[captured.length - 1];
        System.arraycopy(captured, 0, withoutExtended, 0, 11);
        System.arraycopy(captured, 12, withoutExtended, 11, captured.length - 12);

        ColumnDefinition41 column = ColumnDefinition41.ofExpression("big", ColumnType.MYSQL_TYPE_MEDIUM_BLOB,
                UTF8MB4_GENERAL_CI, 1 << 20, ColumnFlags.NONE, 39);

        assertThat(captured[11]).isZero();
        assertThat(encode(column::encode)).isEqualTo(withoutExtended);
    }

    @Test
    void addsEmptyExtendedTypeInfoOnlyForMariaDbClientsThatAskedForIt() {
        ColumnDefinition41 column = ColumnDefinition41.ofExpression("big", ColumnType.MYSQL_TYPE_MEDIUM_BLOB,
                UTF8MB4_GENERAL_CI, 1 << 20, ColumnFlags.NONE, 39);

        ColumnDefinition41 forMariaDb = column.forCapabilities(MARIADB_CACHE_METADATA);

        assertThat(forMariaDb.extendedTypeInfo()).isEqualTo(ExtendedTypeInfo.EMPTY);
        assertThat(encode(forMariaDb::encode)).isEqualTo(payload("expression-column-definition"));
        assertThat(forMariaDb.forCapabilities(MYSQL_CLIENT)).isEqualTo(column);
        assertThat(column.forCapabilities(MYSQL_CLIENT)).isSameAs(column);
    }

    @Test
    void readsSameBytesByNegotiatedCapabilities() {
        byte[] mariaDb = payloads("text-column-definitions").get(0);
        byte[] mysql = payloads("binary-column-definitions").get(0);

        // MariaDB's empty block (00) read as the fixed-fields length, and MySQL's 0x0C read as a
        // 12-byte block: either way the layout no longer fits and the decoder says so.
        assertThatThrownBy(() -> decode(mariaDb, b -> ColumnDefinition41.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("length of fixed fields");
        assertThatThrownBy(() -> decode(mysql, b -> ColumnDefinition41.decode(b, MARIADB_CACHE_METADATA)))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsUnknownTypeCode() {
        byte[] bytes = payloads("binary-column-definitions").get(0).clone();
        bytes[bytes.length - 6] = 0x20;

        assertThatThrownBy(() -> decode(bytes, b -> ColumnDefinition41.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("type")
                .hasMessageContaining("0x20");
    }

    @Test
    void rejectsFixedFieldsLengthOtherThanTwelve() {
        byte[] bytes = payloads("binary-column-definitions").get(0).clone();
        bytes[bytes.length - 13] = 0x0D;

        assertThatThrownBy(() -> decode(bytes, b -> ColumnDefinition41.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("length of fixed fields at offset 35: 13 (expected: 12)");
    }

    @Test
    void rejectsLenencLengthPastThePayload() {
        byte[] bytes = payloads("binary-column-definitions").get(0).clone();
        bytes[4] = (byte) 0xFC; // schema: "test" becomes a 0x7465-byte string

        assertThatThrownBy(() -> decode(bytes, b -> ColumnDefinition41.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("schema");
    }

    @Test
    void rejectsTrailingBytes() {
        byte[] golden = payloads("binary-column-definitions").get(0);
        byte[] bytes = Arrays.copyOf(golden, golden.length + 1);

        assertThatThrownBy(() -> decode(bytes, b -> ColumnDefinition41.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void rejectsEveryTruncation() {
        for (byte[] payload : payloads("extended-metadata-column-definitions")) {
            assertEveryTruncationRejected(payload, b -> ColumnDefinition41.decode(b, MARIADB_CACHE_METADATA));
        }
        for (byte[] payload : payloads("binary-column-definitions")) {
            assertEveryTruncationRejected(payload, b -> ColumnDefinition41.decode(b, MYSQL_CLIENT));
        }
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll("hostile") byte[] bytes, @ForAll boolean mariaDb) {
        assertOnlyProtocolException(bytes,
                b -> ColumnDefinition41.decode(b, mariaDb ? MARIADB_CACHE_METADATA : MYSQL_CLIENT));
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        List<byte[]> seeds = new ArrayList<>(payloads("extended-metadata-column-definitions"));
        seeds.addAll(payloads("binary-column-definitions"));
        return Arbitraries.oneOf(ResultSetVectors.random(), ResultSetVectors.mutated(seeds));
    }

    @Property
    void encodedColumnsDecodeToThemselves(@ForAll("names") String name, @ForAll("names") String table,
            @ForAll("types") ColumnType type, @ForAll int flags, @ForAll boolean extended) {
        ColumnDefinition41 column = new ColumnDefinition41("def", "db", table, table + "_org", name, name + "_org",
                extended ? new ExtendedTypeInfo(name, null) : null, UTF8MB4_GENERAL_CI, 0xFFFF_FFFFL, type,
                new ColumnFlags(flags), 31);

        ColumnDefinition41 decoded = decode(encode(column::encode),
                b -> ColumnDefinition41.decode(b, extended ? MARIADB_CACHE_METADATA : MYSQL_CLIENT));

        assertThat(decoded).isEqualTo(column);
    }

    @Provide
    Arbitrary<String> names() {
        // Below the surrogates, so every string survives the UTF-8 round trip; lengths cross 0xFB.
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(300);
    }

    @Provide
    Arbitrary<ColumnType> types() {
        return Arbitraries.of(ColumnType.class);
    }
}
