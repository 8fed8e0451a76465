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
import io.mybouncer.protocol.packet.ServerStatus;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HandshakeV10Test {
    private static final HandshakeV10 MARIADB = new HandshakeV10(
            "5.5.5-10.11.19-MariaDB-0+deb12u1",
            10,
            parseHex("525f6972224d4037 31303e27466c6d6077572c75"),
            CapabilitySet.ofHalves(0x81FF_F7FEL, 0x1D),
            45,
            new ServerStatus(ServerStatus.AUTOCOMMIT),
            "mysql_native_password");

    private static final HandshakeV10 MYSQL = new HandshakeV10(
            "8.4.3",
            42,
            parseHex("5e257564053f0143 55296b1a3b406e47615f2f4e"),
            new CapabilitySet(0xDFFF_FFFFL),
            255,
            new ServerStatus(ServerStatus.AUTOCOMMIT),
            "caching_sha2_password");

    /**
     * Found by the 100,000-try fuzz run: without CLIENT_PLUGIN_AUTH a non-zero length byte must not
     * stretch part 2, or decode → encode → decode would not give the same scramble back.
     */
    @Test
    void ignoresTheLengthByteWithoutPluginAuth() {
        byte[] payload = parseHex("0a 35 2e 35 00" // protocol 10, "5.5"
                + " 01 00 00 00" // connection id
                + " 61 62 63 64 65 66 67 68 00" // part 1, filler
                + " 00 82 21 02 00 00 00" // capabilities lower (SECURE_CONNECTION, PROTOCOL_41...), charset, status, upper
                + " 2d" // length byte 45, meaningless without CLIENT_PLUGIN_AUTH
                + " 00 00 00 00 00 00 00 00 00 00" // reserved
                + " 69 6a 6b 6c 6d 6e 6f 70 71 72 73 74 00" // the classic 13-byte part 2, NUL-terminated
                + " 75 76 77 78"); // bytes a server without plugin auth would not send
        HandshakeV10 greeting = decode(payload, HandshakeV10::decode);
        assertThat(greeting.capabilities().has(Capability.CLIENT_PLUGIN_AUTH)).isFalse();
        assertThat(new String(greeting.authPluginData(), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("abcdefghijklmnopqrst");
        assertThat(decode(encode(greeting::encode), HandshakeV10::decode)).isEqualTo(greeting);
    }

    @Test
    void decodesCapturedMariaDbHandshake() {
        HandshakeV10 handshake = decode(golden("mariadb-10.11-handshake-v10"), HandshakeV10::decode);

        assertThat(handshake).isEqualTo(MARIADB);
        assertThat(handshake.authPluginData()).hasSize(20);
        assertThat(handshake.capabilities().mariaDbExtended()).isTrue();
        assertThat(handshake.capabilities().has(Capability.MARIADB_CLIENT_STMT_BULK_OPERATIONS)).isTrue();
        assertThat(handshake.capabilities().has(Capability.MARIADB_CLIENT_COM_MULTI)).isFalse();
        assertThat(handshake.capabilities().has(Capability.CLIENT_PLUGIN_AUTH)).isTrue();
    }

    @Test
    void encodesCapturedMariaDbHandshakeByteForByte() {
        assertThat(encode(MARIADB::encode)).isEqualTo(golden("mariadb-10.11-handshake-v10"));
    }

    @Test
    void decodesMysqlHandshakeAdvertisingCachingSha2() {
        HandshakeV10 handshake = decode(golden("mysql-8.4-handshake-v10"), HandshakeV10::decode);

        assertThat(handshake).isEqualTo(MYSQL);
        assertThat(handshake.capabilities().mariaDbExtended()).isFalse();
        assertThat(handshake.capabilities().upper()).isZero();
    }

    @Test
    void encodesMysqlHandshakeByteForByte() {
        assertThat(encode(MYSQL::encode)).isEqualTo(golden("mysql-8.4-handshake-v10"));
    }

    @Test
    void ignoresTheExtendedCapabilityBytesWhenClientMysqlIsSet() {
        byte[] payload = golden("mysql-8.4-handshake-v10");
        int extended = indexAfterReserved(payload) - 4;
        payload[extended] = 0x1D;

        assertThat(decode(payload, HandshakeV10::decode).capabilities()).isEqualTo(MYSQL.capabilities());
    }

    @Test
    void acceptsPluginNameWithoutNulAtEndOfPacket() {
        byte[] payload = golden("mariadb-10.11-handshake-v10");
        byte[] withoutNul = Arrays.copyOf(payload, payload.length - 1);

        assertThat(decode(withoutNul, HandshakeV10::decode)).isEqualTo(MARIADB);
    }

    @Test
    void failsNamingTheFieldAtEveryTruncationBeforeThePluginName() {
        byte[] payload = golden("mariadb-10.11-handshake-v10");
        int pluginNameStart = payload.length - "mysql_native_password".length() - 1;
        for (int length = 0; length <= pluginNameStart; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> decode(truncated, HandshakeV10::decode))
                    .as("truncated to %d bytes", length)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("HandshakeV10");
        }
    }

    @Test
    void readsATruncatedPluginNameAsThePrefixThatArrived() {
        byte[] payload = golden("mariadb-10.11-handshake-v10");
        int pluginNameStart = payload.length - "mysql_native_password".length() - 1;
        for (int length = pluginNameStart + 1; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThat(decode(truncated, HandshakeV10::decode).authPluginName())
                    .isEqualTo("mysql_native_password".substring(0, length - pluginNameStart));
        }
    }

    @Test
    void namesTheFieldWhereTheScrambleIsCutShort() {
        byte[] payload = golden("mariadb-10.11-handshake-v10");
        byte[] truncated = Arrays.copyOf(payload, indexAfterReserved(payload) + 5);

        assertThatThrownBy(() -> decode(truncated, HandshakeV10::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("auth-plugin-data-part-2");
    }

    @Test
    void rejectsOtherProtocolVersions() {
        byte[] payload = golden("mariadb-10.11-handshake-v10");
        payload[0] = 9;

        assertThatThrownBy(() -> decode(payload, HandshakeV10::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("protocol version")
                .hasMessageContaining("expected: 10");
    }

    @Test
    void readsEightByteScrambleWithoutSecureConnection() {
        HandshakeV10 old = new HandshakeV10("4.0.30", 1, parseHex("0102030405060708"),
                CapabilitySet.of(Capability.CLIENT_PROTOCOL_41), 8, new ServerStatus(0), null);

        byte[] bytes = encode(old::encode);

        assertThat(decode(bytes, HandshakeV10::decode)).isEqualTo(old);
    }

    @Test
    void refusesMariaDbCapabilitiesAlongsideClientMysql() {
        CapabilitySet mixed = new CapabilitySet(0xDFFF_FFFFL).with(Capability.MARIADB_CLIENT_PROGRESS);

        assertThatThrownBy(() -> new HandshakeV10("8.4.3", 1, new byte[20], mixed, 255, new ServerStatus(0), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesTheScramble() {
        String scrambleHex = HexFormat.of().formatHex(MARIADB.authPluginData());

        assertThat(MARIADB.toString()).doesNotContain(scrambleHex).contains("<20 bytes>", "mysql_native_password");
    }

    /** Offset just past the 10 reserved bytes: the start of part 2. */
    private static int indexAfterReserved(byte[] payload) {
        int serverVersionEnd = 1;
        while (payload[serverVersionEnd] != 0) {
            serverVersionEnd++;
        }
        return serverVersionEnd + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
    }
}
