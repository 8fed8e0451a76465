package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.golden.GoldenVectors.parseHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeResponse41Test {
    private static final byte[] NATIVE_RESPONSE = parseHex("c5b62e0fe94503aa7d83d69d16e106fbf408c18f");

    private static final HandshakeResponse41 MARIADB_CLI = new HandshakeResponse41(
            CapabilitySet.ofHalves(0x00BF_A28CL, 0x1D),
            0x1000_0000L,
            33,
            "golden",
            NATIVE_RESPONSE,
            "test",
            "mysql_native_password",
            attributes("_os", "Linux", "_client_name", "libmariadb", "_pid", "8028", "_client_version", "3.3.20",
                    "_platform", "x86_64", "program_name", "mysql", "_server_host", "127.0.0.1"),
            null);

    private static final HandshakeResponse41 MARIADB_CLI_CACHING_SHA2 = new HandshakeResponse41(
            CapabilitySet.ofHalves(0x00BF_A284L, 0x1D),
            0x1000_0000L,
            33,
            "golden",
            new byte[0],
            null,
            "caching_sha2_password",
            attributes("_os", "Linux", "_client_name", "libmariadb", "_pid", "8765", "_client_version", "3.3.20",
                    "_platform", "x86_64", "program_name", "mysql", "_server_host", "127.0.0.1"),
            null);

    private static final HandshakeResponse41 MYSQL = new HandshakeResponse41(
            new CapabilitySet(0x05BF_A22FL),
            0xFF_FFFFL,
            255,
            "app",
            parseHex("41253641b25ba8f15d93c12c671f292eedcd6532e52519e26ce8d3898d8c745c"),
            "shop",
            "caching_sha2_password",
            attributes("_pid", "4242", "_client_name", "libmysql", "_os", "Linux"),
            3);

    private static Map<String, String> attributes(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void decodesCapturedMariaDbCliResponseWithConnectAttributes() {
        HandshakeResponse41 response = decode(golden("mariadb-cli-handshake-response41"), HandshakeResponse41::decode);

        assertThat(response).isEqualTo(MARIADB_CLI);
        assertThat(response.connectAttributes().keySet()).containsExactly(
                "_os", "_client_name", "_pid", "_client_version", "_platform", "program_name", "_server_host");
        assertThat(response.capabilities().mariaDbExtended()).isTrue();
        assertThat(response.capabilities().has(Capability.MARIADB_CLIENT_EXTENDED_METADATA)).isTrue();
    }

    @Test
    void encodesCapturedMariaDbCliResponseByteForByte() {
        assertThat(encode(MARIADB_CLI::encode)).isEqualTo(golden("mariadb-cli-handshake-response41"));
    }

    @Test
    void decodesCapturedResponseWithEmptyAuthResponseAndNoDatabase() {
        assertThat(decode(golden("mariadb-cli-handshake-response41-caching-sha2"), HandshakeResponse41::decode))
                .isEqualTo(MARIADB_CLI_CACHING_SHA2);
    }

    @Test
    void encodesCapturedResponseWithEmptyAuthResponseByteForByte() {
        assertThat(encode(MARIADB_CLI_CACHING_SHA2::encode))
                .isEqualTo(golden("mariadb-cli-handshake-response41-caching-sha2"));
    }

    @Test
    void decodesMysqlResponseWithZstdLevel() {
        HandshakeResponse41 response = decode(golden("mysql-8.4-handshake-response41"), HandshakeResponse41::decode);

        assertThat(response).isEqualTo(MYSQL);
        assertThat(response.zstdCompressionLevel()).isEqualTo(3);
        assertThat(response.capabilities().upper()).isZero();
    }

    @Test
    void encodesMysqlResponseByteForByte() {
        assertThat(encode(MYSQL::encode)).isEqualTo(golden("mysql-8.4-handshake-response41"));
    }

    @Test
    void rejectsAttributeLengthPastThePayload() {
        byte[] payload = golden("mariadb-cli-handshake-response41");
        int attributesLength = payload.length - 0x7E - 1;
        payload[attributesLength] = 0x7F;

        assertThatThrownBy(() -> decode(payload, HandshakeResponse41::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("connect attributes length")
                .hasMessageContaining("127");
    }

    @Test
    void rejectsAnAttributeThatRunsPastItsBlock() {
        byte[] payload = golden("mysql-8.4-handshake-response41");
        // Shrink the block by one byte: the last value now claims a byte that belongs to the zstd level.
        int attributesLength = payload.length - 1 - 42 - 1;
        payload[attributesLength] = 41;

        assertThatThrownBy(() -> decode(payload, HandshakeResponse41::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("connect attribute value");
    }

    @Test
    void rejectsRepeatedAttributeKeys() {
        HandshakeResponse41 twoKeys = new HandshakeResponse41(MYSQL.capabilities(), 0, 255, "app", new byte[0],
                "shop", "caching_sha2_password", attributes("_pid", "1", "_piD", "2"), 3);
        byte[] payload = encode(twoKeys::encode);
        int secondKey = indexOf(payload, "_piD");
        payload[secondKey + 3] = 'd';

        assertThatThrownBy(() -> decode(payload, HandshakeResponse41::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("connect attribute key")
                .hasMessageContaining("_pid")
                .hasMessageContaining("unique keys");
    }

    @Test
    void rejectsBytesAfterTheLastAnnouncedField() {
        byte[] payload = golden("mariadb-cli-handshake-response41");
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);

        assertThatThrownBy(() -> decode(longer, HandshakeResponse41::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("1 trailing bytes");
    }

    @Test
    void failsNamingTheFieldAtEveryTruncation() {
        byte[] payload = golden("mariadb-cli-handshake-response41");
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> decode(truncated, HandshakeResponse41::decode))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("HandshakeResponse41");
        }
    }

    @Test
    void rejectsPre41Responses() {
        byte[] payload = golden("mariadb-cli-handshake-response41");
        payload[1] &= ~0x02;

        assertThatThrownBy(() -> decode(payload, HandshakeResponse41::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CLIENT_PROTOCOL_41");
    }

    @Test
    void roundTripsOneByteLengthAuthResponse() {
        CapabilitySet secure = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_RESERVED2);
        HandshakeResponse41 response = new HandshakeResponse41(secure, 1024, 8, "u", NATIVE_RESPONSE,
                null, null, null, null);

        byte[] bytes = encode(response::encode);

        assertThat(bytes[32 + 2]).isEqualTo((byte) 20);
        assertThat(decode(bytes, HandshakeResponse41::decode)).isEqualTo(response);
    }

    @Test
    void roundTripsNulTerminatedAuthResponse() {
        HandshakeResponse41 response = new HandshakeResponse41(CapabilitySet.of(Capability.CLIENT_PROTOCOL_41),
                1024, 8, "u", "secret".getBytes(StandardCharsets.US_ASCII), null, null, null, null);

        byte[] bytes = encode(response::encode);

        assertThat(bytes[bytes.length - 1]).isZero();
        assertThat(decode(bytes, HandshakeResponse41::decode)).isEqualTo(response);
    }

    @Test
    void refusesFieldsTheCapabilitiesDoNotAnnounce() {
        CapabilitySet noDatabase = MYSQL.capabilities().without(Capability.CLIENT_CONNECT_WITH_DB);

        assertThatThrownBy(() -> new HandshakeResponse41(noDatabase, 0, 255, "app", new byte[0], "shop",
                "caching_sha2_password", Map.of(), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database");
    }

    @Test
    void refusesAuthResponseTooLongForOneLengthByte() {
        CapabilitySet secure = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_RESERVED2);

        assertThatThrownBy(() -> new HandshakeResponse41(secure, 0, 8, "u", new byte[256], null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNeverPrintsTheAuthResponse() {
        String text = MARIADB_CLI.toString();

        assertThat(text).doesNotContain(HexFormat.of().formatHex(NATIVE_RESPONSE))
                .doesNotContain(Arrays.toString(NATIVE_RESPONSE))
                .contains("<20 bytes redacted>", "golden", "_pid=8028");
    }

    @Test
    void authResponseAccessorReturnsACopy() {
        MARIADB_CLI.authResponse()[0] = 0;

        assertThat(MARIADB_CLI.authResponse()).isEqualTo(NATIVE_RESPONSE);
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + n.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + n.length, n, 0, n.length)) {
                return i;
            }
        }
        throw new AssertionError(needle + " not found");
    }
}
