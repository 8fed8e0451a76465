package io.mybouncer.protocol.resultset;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.resultset.ColumnCountTest.MARIADB_CACHE_METADATA;
import static io.mybouncer.protocol.resultset.ColumnCountTest.MYSQL_CLIENT;
import static io.mybouncer.protocol.golden.GoldenVectors.assertEveryTruncationRejected;
import static io.mybouncer.protocol.resultset.ResultSetVectors.assertOnlyProtocolException;
import static io.mybouncer.protocol.resultset.ResultSetVectors.payloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FieldListColumnTest {
    private static final int UTF8MB3_GENERAL_CI = 33;

    @Test
    void decodesDefaultsAndNullForColumnsWithout() {
        List<FieldListColumn> columns = new ArrayList<>();
        for (byte[] payload : payloads("field-list-columns")) {
            columns.add(decode(payload, b -> FieldListColumn.decode(b, MARIADB_CACHE_METADATA)));
        }

        assertThat(columns.get(1)).isEqualTo(new FieldListColumn(new ColumnDefinition41("def", "test", "rs_text",
                "rs_text", "name", "name", ExtendedTypeInfo.EMPTY, UTF8MB3_GENERAL_CI, 96,
                ColumnType.MYSQL_TYPE_VAR_STRING, ColumnFlags.of(ColumnFlags.NOT_NULL), 0), "anon"));
        assertThat(columns).extracting(c -> c.definition().name())
                .containsExactly("id", "name", "note", "price", "created", "flag");
        // AUTO_INCREMENT reports "0"; nullable columns without a default get NULL (0xFB).
        assertThat(columns).extracting(FieldListColumn::defaultValue)
                .containsExactly("0", "anon", null, "9.99", null, "1");
    }

    @Test
    void encodesBackToCapturedBytes() {
        for (byte[] payload : payloads("field-list-columns")) {
            FieldListColumn column = decode(payload, b -> FieldListColumn.decode(b, MARIADB_CACHE_METADATA));
            assertThat(encode(column::encode)).as(column.definition().name()).isEqualTo(payload);
        }
    }

    @Test
    void isNotAResultSetColumnDefinition() {
        byte[] payload = payloads("field-list-columns").get(1);

        assertThatThrownBy(() -> decode(payload, b -> ColumnDefinition41.decode(b, MARIADB_CACHE_METADATA)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("5 trailing bytes");
    }

    @Test
    void rejectsResultSetColumnDefinitionWithoutDefault() {
        byte[] payload = payloads("binary-column-definitions").get(0);

        assertThatThrownBy(() -> decode(payload, b -> FieldListColumn.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("default_values");
    }

    @Test
    void rejectsEveryTruncation() {
        for (byte[] payload : payloads("field-list-columns")) {
            assertEveryTruncationRejected(payload, b -> FieldListColumn.decode(b, MARIADB_CACHE_METADATA));
        }
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll("hostile") byte[] bytes) {
        assertOnlyProtocolException(bytes, b -> FieldListColumn.decode(b, MARIADB_CACHE_METADATA));
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return Arbitraries.oneOf(ResultSetVectors.random(), ResultSetVectors.mutated(payloads("field-list-columns")));
    }
}
