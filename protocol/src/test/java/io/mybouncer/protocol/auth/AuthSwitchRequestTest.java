package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.golden.GoldenVectors.parseHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import org.junit.jupiter.api.Test;

class AuthSwitchRequestTest {
    private static final byte[] MARIADB_SCRAMBLE = parseHex("5e3176244a2b376f4b67476d70683b2b653c3c55");
    private static final byte[] MYSQL_SCRAMBLE = parseHex("14467a615c22443c3473735d2b4e1d1155793d06");

    @Test
    void decodesCapturedMariaDbSwitchToNativePassword() {
        AuthSwitchRequest request = decode(golden("mariadb-10.11-auth-switch-request"), AuthSwitchRequest::decode);

        assertThat(request.pluginName()).isEqualTo("mysql_native_password");
        assertThat(request.pluginData()).hasSize(21).endsWith(0);
        assertThat(request.scramble()).isEqualTo(MARIADB_SCRAMBLE);
        assertThat(request).isEqualTo(AuthSwitchRequest.ofScramble("mysql_native_password", MARIADB_SCRAMBLE));
    }

    @Test
    void encodesCapturedMariaDbSwitchByteForByte() {
        AuthSwitchRequest request = AuthSwitchRequest.ofScramble("mysql_native_password", MARIADB_SCRAMBLE);

        assertThat(encode(request::encode)).isEqualTo(golden("mariadb-10.11-auth-switch-request"));
    }

    @Test
    void decodesMysqlSwitchToCachingSha2() {
        AuthSwitchRequest request = decode(golden("mysql-8.4-auth-switch-request"), AuthSwitchRequest::decode);

        assertThat(request).isEqualTo(AuthSwitchRequest.ofScramble("caching_sha2_password", MYSQL_SCRAMBLE));
        assertThat(request.scramble()).isEqualTo(MYSQL_SCRAMBLE);
    }

    @Test
    void encodesMysqlSwitchByteForByte() {
        AuthSwitchRequest request = AuthSwitchRequest.ofScramble("caching_sha2_password", MYSQL_SCRAMBLE);

        assertThat(encode(request::encode)).isEqualTo(golden("mysql-8.4-auth-switch-request"));
    }

    @Test
    void keepsPluginDataWithoutTrailingNulAsSent() {
        AuthSwitchRequest request = decode(parseHex("fe 64 69 61 6c 6f 67 00 02 50 77"), AuthSwitchRequest::decode);

        assertThat(request.pluginName()).isEqualTo("dialog");
        assertThat(request.pluginData()).isEqualTo(parseHex("025077"));
        assertThat(request.scramble()).isEqualTo(parseHex("025077"));
    }

    @Test
    void refusesTheOldPasswordSwitch() {
        assertThatThrownBy(() -> decode(parseHex("fe"), AuthSwitchRequest::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("plugin name")
                .hasMessageContaining("mysql_old_password");
    }

    @Test
    void rejectsOtherHeaders() {
        assertThatThrownBy(() -> decode(parseHex("01 03"), AuthSwitchRequest::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("header")
                .hasMessageContaining("0x01 (expected: 0xFE)");
    }

    @Test
    void rejectsPluginNameWithoutNul() {
        assertThatThrownBy(() -> decode(parseHex("fe 64 69 61"), AuthSwitchRequest::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("AuthSwitchRequest plugin name");
    }

    @Test
    void toStringHidesThePluginData() {
        String text = AuthSwitchRequest.ofScramble("mysql_native_password", MARIADB_SCRAMBLE).toString();

        assertThat(text).contains("mysql_native_password", "<21 bytes>").doesNotContain("5e3176");
    }
}
