package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.parseHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqlNativePasswordTest {
    private static final byte[] PASSWORD = "golden-pass".getBytes(StandardCharsets.UTF_8);
    /** authentication_string of 'golden'@'%' in the capture server's mysql.user. */
    private static final String MYSQL_USER_HASH = "*F5672A6618758562D57239D5A24B379A5E7E5DFD";

    @Test
    void computesTheCapturedLoginResponseFromTheCapturedHandshake() {
        HandshakeV10 handshake = decode(golden("mariadb-10.11-handshake-v10"), HandshakeV10::decode);
        HandshakeResponse41 login = decode(golden("mariadb-cli-handshake-response41"), HandshakeResponse41::decode);

        byte[] response = MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, handshake.authPluginData());

        assertThat(response).isEqualTo(login.authResponse());
    }

    @Test
    void computesTheCapturedAuthSwitchResponse() {
        AuthSwitchRequest request = decode(golden("mariadb-10.11-auth-switch-request"), AuthSwitchRequest::decode);

        byte[] response = MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, request.scramble());

        assertThat(response).isEqualTo(golden("mariadb-cli-auth-switch-response"));
    }

    @Test
    void producesTheMysqlUserHashString() {
        assertThat(MysqlNativePassword.toHashString(MysqlNativePassword.storedHash(PASSWORD)))
                .isEqualTo(MYSQL_USER_HASH);
    }

    @Test
    void parsesTheMysqlUserHashStringInEitherCase() {
        byte[] stored = MysqlNativePassword.storedHash(PASSWORD);

        assertThat(MysqlNativePassword.parseHashString(MYSQL_USER_HASH)).isEqualTo(stored);
        assertThat(MysqlNativePassword.parseHashString(MYSQL_USER_HASH.toLowerCase())).isEqualTo(stored);
    }

    @Test
    void rejectsMalformedHashStrings() {
        assertThatThrownBy(() -> MysqlNativePassword.parseHashString(MYSQL_USER_HASH.substring(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MysqlNativePassword.parseHashString("*" + "G".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verifiesTheCapturedResponseAgainstTheStoredHash() {
        byte[] stored = MysqlNativePassword.parseHashString(MYSQL_USER_HASH);
        byte[] scramble = decode(golden("mariadb-10.11-handshake-v10"), HandshakeV10::decode).authPluginData();
        byte[] response = decode(golden("mariadb-cli-handshake-response41"), HandshakeResponse41::decode)
                .authResponse();

        assertThat(MysqlNativePassword.verify(stored, scramble, response)).isTrue();
    }

    @Test
    void rejectsAWrongPassword() {
        byte[] stored = MysqlNativePassword.storedHash(PASSWORD);
        byte[] scramble = parseHex("525f6972224d403731303e27466c6d6077572c75");
        byte[] wrong = MysqlNativePassword.INSTANCE.computeResponse(
                "golden-pasS".getBytes(StandardCharsets.UTF_8), scramble);

        assertThat(MysqlNativePassword.verify(stored, scramble, wrong)).isFalse();
        assertThat(MysqlNativePassword.verify(stored, scramble, new byte[0])).isFalse();
        assertThat(MysqlNativePassword.verify(stored, scramble, new byte[19])).isFalse();
    }

    @Test
    void rejectsAResponseToAnotherScramble() {
        byte[] stored = MysqlNativePassword.storedHash(PASSWORD);
        byte[] response = MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, new byte[20]);

        assertThat(MysqlNativePassword.verify(stored, parseHex("525f6972224d403731303e27466c6d6077572c75"), response))
                .isFalse();
    }

    @Test
    void recoversThePasswordSha1ToAnswerAnotherScramble() {
        byte[] stored = MysqlNativePassword.parseHashString(MYSQL_USER_HASH);
        byte[] scramble = decode(golden("mariadb-10.11-handshake-v10"), HandshakeV10::decode).authPluginData();
        byte[] response = decode(golden("mariadb-cli-handshake-response41"), HandshakeResponse41::decode)
                .authResponse();
        byte[] backendScramble = decode(golden("mariadb-10.11-auth-switch-request"), AuthSwitchRequest::decode)
                .scramble();

        Optional<byte[]> passwordSha1 = MysqlNativePassword.recoverPasswordSha1(stored, scramble, response);

        assertThat(passwordSha1).isPresent();
        assertThat(MysqlNativePassword.responseFromPasswordSha1(passwordSha1.get(), backendScramble))
                .isEqualTo(golden("mariadb-cli-auth-switch-response"));
    }

    @Test
    void emptyPasswordHasEmptyResponseAndHash() {
        byte[] scramble = new byte[20];

        assertThat(MysqlNativePassword.INSTANCE.computeResponse(new byte[0], scramble)).isEmpty();
        assertThat(MysqlNativePassword.toHashString(MysqlNativePassword.storedHash(new byte[0]))).isEmpty();
        assertThat(MysqlNativePassword.verify(new byte[0], scramble, new byte[0])).isTrue();
        assertThat(MysqlNativePassword.verify(new byte[0], scramble, new byte[20])).isFalse();
    }

    @Test
    void rejectsAScrambleOfTheWrongLength() {
        byte[] withNul = new byte[21];

        assertThatThrownBy(() -> MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, withNul))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("21 bytes (expected: 20)");
    }
}
