package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectAttributesTest {
    /** Total length 11, then "_pid" = "42" and "a" = "" (one byte before the block, one after). */
    private static final byte[] BLOCK = {0x7E, 11, 4, '_', 'p', 'i', 'd', 2, '4', '2', 1, 'a', 0, 0x7F};

    private static Map<String, String> pidAndA() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_pid", "42");
        attributes.put("a", "");
        return attributes;
    }

    private static Map<String, String> decodeBlock(byte[] bytes) {
        return decode(bytes, payload -> ConnectAttributes.decode(payload, "p"));
    }

    @Test
    void decodesPairsInWireOrderAndStopsAtTheBlockEnd() {
        Map<String, String> attributes = decode(BLOCK, payload -> {
            payload.skipBytes(1);
            Map<String, String> decoded = ConnectAttributes.decode(payload, "test packet");
            assertThat(payload.readerIndex()).isEqualTo(BLOCK.length - 1);
            return decoded;
        });
        assertThat(attributes).containsExactlyEntriesOf(pidAndA());
    }

    @Test
    void encodesTotalLengthThenPairsInMapOrder() {
        assertThat(encode(out -> {
            out.writeByte(0x7E);
            ConnectAttributes.encode(out, pidAndA());
            out.writeByte(0x7F);
        })).isEqualTo(BLOCK);
    }

    @Test
    void encodesAnEmptyMapAsAZeroLength() {
        assertThat(encode(out -> ConnectAttributes.encode(out, Map.of()))).containsExactly(0);
        assertThat(decodeBlock(new byte[] {0})).isEmpty();
    }

    @Test
    void roundTripsABlockWhoseLengthNeedsThreeBytes() {
        Map<String, String> attributes = Map.of("_client_name", "x".repeat(300));
        byte[] bytes = encode(out -> ConnectAttributes.encode(out, attributes));
        // 0xFC then int<2>: 1 + 12 + 3 + 300 bytes of pairs.
        assertThat(bytes).startsWith(0xFC, 316 & 0xFF, 316 >> 8);
        assertThat(bytes).hasSize(3 + 316);
        assertThat(decodeBlock(bytes)).isEqualTo(attributes);
    }

    @Test
    void rejectsATotalLengthPastThePayload() {
        assertThatThrownBy(() -> decodeBlock(new byte[] {5, 1, 'k', 1, 'v'}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("p connect attributes length at offset 0: 5");
    }

    @Test
    void rejectsAPairRunningPastTheBlockEvenWhenThePayloadGoesOn() {
        byte[] bytes = {3, 1, 'k', 2, 'v', 'w', 'x'};
        assertThatThrownBy(() -> decodeBlock(bytes))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("p connect attribute value");
    }

    @Test
    void rejectsARepeatedKeyAtItsPayloadOffset() {
        byte[] bytes = {0x7E, 8, 1, 'k', 1, '1', 1, 'k', 1, '2'};
        assertThatThrownBy(() -> decode(bytes, payload -> {
            payload.skipBytes(1);
            return ConnectAttributes.decode(payload, "p");
        })).isInstanceOf(ProtocolException.class)
                .hasMessage("p: connect attribute key at offset 6: k (expected: unique keys)");
    }
}
