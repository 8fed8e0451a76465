package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.command.ComQuery.Attribute;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComQueryTest {
    private static final CapabilitySet MARIADB = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41);
    private static final CapabilitySet QUERY_ATTRIBUTES = MARIADB.with(Capability.CLIENT_QUERY_ATTRIBUTES);
    private static final ComQuery DOCUMENTED = new ComQuery(
            List.of(new Attribute("a", 0xFE, 0x00, new byte[] {0x01, '1'})), "select @@version_comment limit 1");

    private static ComQuery decode(byte[] payload, CapabilitySet capabilities) {
        return GoldenVectors.decode(payload, p -> {
            ComQuery query = ComQuery.decode(p, capabilities);
            assertThat(p.isReadable()).isFalse();
            return query;
        });
    }

    private static int queryIndex(byte[] payload, CapabilitySet capabilities) {
        return GoldenVectors.decode(payload, p -> ComQuery.queryIndex(p, capabilities));
    }

    @Test
    void decodesCapturedQuery() {
        assertThat(decode(Wire.payload("com_query"), MARIADB)).isEqualTo(ComQuery.of("SELECT 1"));
    }

    @Test
    void encodesCapturedQuery() {
        assertThat(GoldenVectors.encode(out -> ComQuery.of("SELECT 1").encode(out, MARIADB))).isEqualTo(Wire.payload("com_query"));
    }

    @Test
    void decodesDocumentedQueryAttributes() {
        assertThat(decode(Wire.payload("com_query_attributes"), QUERY_ATTRIBUTES)).isEqualTo(DOCUMENTED);
    }

    @Test
    void encodesDocumentedQueryAttributes() {
        assertThat(GoldenVectors.encode(out -> DOCUMENTED.encode(out, QUERY_ATTRIBUTES)))
                .isEqualTo(Wire.payload("com_query_attributes"));
    }

    @Test
    void decodesTheEmptyAttributePrefixOfMysqlClients() {
        assertThat(decode(Wire.payload("com_query_no_attributes"), QUERY_ATTRIBUTES)).isEqualTo(ComQuery.of("SELECT 1"));
    }

    @Test
    void encodesTheEmptyAttributePrefixOfMysqlClients() {
        assertThat(GoldenVectors.encode(out -> ComQuery.of("SELECT 1").encode(out, QUERY_ATTRIBUTES)))
                .isEqualTo(Wire.payload("com_query_no_attributes"));
    }

    @Test
    void readsThePrefixAsTextWithoutQueryAttributes() {
        assertThat(decode(Wire.payload("com_query_no_attributes"), MARIADB).query()).isEqualTo("\u0000\u0001SELECT 1");
    }

    @Test
    void findsTheQueryTextInEachShape() {
        assertThat(queryIndex(Wire.payload("com_query"), MARIADB)).isEqualTo(1);
        assertThat(queryIndex(Wire.payload("com_query_no_attributes"), QUERY_ATTRIBUTES)).isEqualTo(3);
        assertThat(queryIndex(Wire.payload("com_query_attributes"), QUERY_ATTRIBUTES)).isEqualTo(11);
    }

    @Test
    void slicesTheQueryTextWithoutCopyingOrMovingTheReader() {
        ByteBuf payload = Unpooled.copiedBuffer(Wire.payload("com_query_attributes"));
        try {
            ByteBuf text = ComQuery.querySlice(payload, QUERY_ATTRIBUTES);
            assertThat(text.toString(StandardCharsets.UTF_8)).isEqualTo("select @@version_comment limit 1");
            assertThat(ComQuery.queryText(payload, QUERY_ATTRIBUTES, StandardCharsets.US_ASCII))
                    .isEqualTo("select @@version_comment limit 1");
            assertThat(payload.readerIndex()).isZero();
            assertThat(payload.refCnt()).isEqualTo(1);
            payload.setByte(11, 'S');
            assertThat(text.getByte(0)).as("shares the payload's memory").isEqualTo((byte) 'S');
        } finally {
            payload.release();
        }
    }

    @Test
    void stepsOverNullAndFixedSizeAttributes() {
        ComQuery query = new ComQuery(List.of(
                new Attribute("n", 0x06, 0x00, null),
                new Attribute("i", 0x03, 0x80, new byte[] {1, 0, 0, 0}),
                new Attribute("d", 0x0A, 0x00, new byte[] {4, (byte) 0xE8, 0x07, 1, 2}),
                new Attribute("s", 0xFD, 0x00, null),
                new Attribute("t", 0x0B, 0x00, new byte[] {0}),
                new Attribute("l", 0x08, 0x00, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                new Attribute("y", 0x0D, 0x00, new byte[] {(byte) 0xE8, 0x07}),
                new Attribute("j", 0xF5, 0x00, new byte[] {2, '{', '}'}),
                new Attribute("b", 0x01, 0x00, new byte[] {9})), "SELECT ?");
        byte[] payload = GoldenVectors.encode(out -> query.encode(out, QUERY_ATTRIBUTES));
        assertThat(decode(payload, QUERY_ATTRIBUTES)).isEqualTo(query);
        assertThat(queryIndex(payload, QUERY_ATTRIBUTES)).isEqualTo(payload.length - "SELECT ?".length());
        // Nine attributes need a two-byte bitmap; NULLs are attributes 0 and 3.
        assertThat(payload[3]).isEqualTo((byte) 0b0000_1001);
        assertThat(payload[4]).isZero();
    }

    @Test
    void rejectsEveryTruncationOfTheAttributeBlock() {
        byte[] payload = Wire.payload("com_query_attributes");
        GoldenVectors.assertTruncationsRejected(payload, 11, p -> ComQuery.decode(p, QUERY_ATTRIBUTES));
        GoldenVectors.assertTruncationsRejected(payload, 11, p -> ComQuery.queryIndex(p, QUERY_ATTRIBUTES));
    }

    @Test
    void rejectsACountLargerThanThePayload() {
        byte[] payload = {0x03, (byte) 0xFE, -1, -1, -1, -1, -1, -1, -1, 0x7F, 0x01, 'x'};
        assertThatThrownBy(() -> decode(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("parameter_count");
        byte[] negative = {0x03, (byte) 0xFE, -1, -1, -1, -1, -1, -1, -1, -1, 0x01, 'x'};
        assertThatThrownBy(() -> queryIndex(negative, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class);
        byte[] wide = {0x03, (byte) 0xFC, -1, -1, 0x01, 0x00, 0x01};
        assertThatThrownBy(() -> decode(wide, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsMoreThanOneParameterSet() {
        byte[] payload = {0x03, 0x00, 0x02, 'x'};
        assertThatThrownBy(() -> decode(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("parameter_set_count at offset 2: 2 (expected: 1)");
    }

    @Test
    void rejectsABindFlagOtherThanOne() {
        byte[] payload = Wire.payload("com_query_attributes");
        payload[4] = 0;
        assertThatThrownBy(() -> decode(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("new_params_bind_flag");
        assertThatThrownBy(() -> queryIndex(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsATypeWithoutAWireForm() {
        byte[] payload = Wire.payload("com_query_attributes");
        payload[5] = 0x11;
        assertThatThrownBy(() -> decode(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("type 0x11");
        assertThatThrownBy(() -> queryIndex(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsAnUnknownTypeAtItsTypeByte() {
        byte[] payload = Wire.payload("com_query_attributes");
        payload[5] = 0x15;
        assertThatThrownBy(() -> decode(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("COM_QUERY: param_type at offset 5: 0x15 (expected: a MYSQL_TYPE_* code)");
        assertThatThrownBy(() -> queryIndex(payload, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("param_type at offset 5: 0x15");
    }

    @Test
    void acceptsAnyTypeByteForANullAttribute() {
        byte[] payload = Wire.payload("com_query_attributes");
        payload[3] = 0x01;
        payload[5] = 0x15;
        byte[] withoutValue = new byte[payload.length - 2];
        System.arraycopy(payload, 0, withoutValue, 0, 9);
        System.arraycopy(payload, 11, withoutValue, 9, payload.length - 11);
        assertThat(decode(withoutValue, QUERY_ATTRIBUTES).attributes())
                .containsExactly(new Attribute("a", 0x15, 0x00, null));
        assertThat(queryIndex(withoutValue, QUERY_ATTRIBUTES)).isEqualTo(9);
    }

    @Test
    void refusesToWriteAttributesWithoutTheCapability() {
        assertThatThrownBy(() -> GoldenVectors.encode(out -> DOCUMENTED.encode(out, MARIADB)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
