package io.mybouncer.protocol.resultset;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.resultset.ColumnType.BinaryEncoding;
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
}
