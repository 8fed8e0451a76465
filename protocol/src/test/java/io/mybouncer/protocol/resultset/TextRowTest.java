package io.mybouncer.protocol.resultset;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.golden.GoldenVectors.assertEveryTruncationRejected;
import static io.mybouncer.protocol.resultset.ResultSetVectors.assertOnlyProtocolException;
import static io.mybouncer.protocol.resultset.ResultSetVectors.payload;
import static io.mybouncer.protocol.resultset.ResultSetVectors.payloads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TextRowTest {
    @Test
    void decodesNullEmptyAndMultiByteValues() {
        byte[] bytes = payloads("text-rows").get(0);

        TextRow row = decode(bytes, b -> TextRow.decode(b, 6));

        assertThat(row).isEqualTo(TextRow.of("1", "ünïcødé ✓ 日本", "", "12.50", null, "0"));
        assertThat(row.string(1)).hasSize(12);
        assertThat(row.values().get(1)).hasSize(22);
        assertThat(row.values().get(4)).isNull();
        assertThat(encode(row::encode)).isEqualTo(bytes);
    }

    @Test
    void decodesValueBehindTwoByteLength() {
        byte[] bytes = payloads("text-rows").get(1);

        TextRow row = decode(bytes, b -> TextRow.decode(b, 6));

        assertThat(row).isEqualTo(TextRow.of("2", "", "x".repeat(300), "-0.01", "2024-02-29 13:45:00", null));
        assertThat(bytes[3]).isEqualTo((byte) 0xFC);
        assertThat(encode(row::encode)).isEqualTo(bytes);
    }

    @Test
    void decodesValueBehindThreeByteLength() {
        byte[] bytes = payload("text-row-lenenc-fd");

        TextRow row = decode(bytes, b -> TextRow.decode(b, 1));

        assertThat(row).isEqualTo(TextRow.of("a".repeat(65_536)));
        assertThat(bytes[0]).isEqualTo((byte) 0xFD);
        assertThat(encode(row::encode)).isEqualTo(bytes);
    }

    @Test
    void comparesValuesByContent() {
        TextRow row = TextRow.of("a", null);

        assertThat(row).isEqualTo(TextRow.of("a", null)).hasSameHashCodeAs(TextRow.of("a", null));
        assertThat(row).isNotEqualTo(TextRow.of("a", "")).isNotEqualTo(TextRow.of("b", null));
        assertThat(row).hasToString("TextRow['a', NULL]");
    }

    @Test
    void rejectsMoreColumnsThanThePayloadCanHold() {
        byte[] bytes = {0x01, 'x'};

        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, 3)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("3 columns");
        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, Integer.MAX_VALUE)))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsValuesRunningPastThePayload() {
        byte[] bytes = {(byte) 0xFD, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x'};

        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, 1)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("value 0")
                .hasMessageContaining("16777215");
    }

    @Test
    void rejectsErrMarkerAsValueLength() {
        byte[] bytes = {(byte) 0xFF, 0x00};

        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, 1)))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsFewerColumnsThanTheRowHolds() {
        byte[] bytes = payloads("text-rows").get(0);

        assertThatThrownBy(() -> decode(bytes, b -> TextRow.decode(b, 5)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void rejectsEveryTruncation() {
        for (byte[] payload : payloads("text-rows")) {
            assertEveryTruncationRejected(payload, b -> TextRow.decode(b, 6));
        }
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll("hostile") byte[] bytes,
            @ForAll @IntRange(min = 0, max = 8) int columns) {
        assertOnlyProtocolException(bytes, b -> TextRow.decode(b, columns));
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return Arbitraries.oneOf(ResultSetVectors.random(), ResultSetVectors.mutated(payloads("text-rows")));
    }

    @Property
    void encodedRowsDecodeToThemselves(@ForAll("values") List<byte[]> values) {
        TextRow row = new TextRow(values);

        TextRow decoded = decode(encode(row::encode), b -> TextRow.decode(b, values.size()));

        assertThat(decoded).isEqualTo(row);
    }

    @Provide
    Arbitrary<List<byte[]>> values() {
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).injectNull(0.2);
        return value.list().ofMaxSize(10).map(list -> Arrays.asList(list.toArray(new byte[0][])));
    }
}
