package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.parseHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

class CachingSha2PasswordTest {
    private static final byte[] PASSWORD = "golden-pass".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCRAMBLE = parseHex("5e257564053f014355296b1a3b406e47615f2f4e");
    /**
     * Computed with python3 hashlib, independently of this code:
     * <pre>
     * s1 = sha256(b"golden-pass").digest()
     * bytes(a ^ b for a, b in zip(s1, sha256(sha256(s1).digest() + scramble).digest())).hex()
     * </pre>
     */
    private static final byte[] PYTHON_RESPONSE =
            parseHex("41253641b25ba8f15d93c12c671f292eedcd6532e52519e26ce8d3898d8c745c");

    @Test
    void matchesTheResponseComputedWithPythonHashlib() {
        assertThat(CachingSha2Password.INSTANCE.computeResponse(PASSWORD, SCRAMBLE)).isEqualTo(PYTHON_RESPONSE);
    }

    @Test
    void matchesTheDocumentedFormulaStepByStep() throws NoSuchAlgorithmException {
        // XOR(SHA256(password), SHA256(SHA256(SHA256(password)), Nonce)), one digest object per step.
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] stage1 = sha256.digest(PASSWORD);
        byte[] stage2 = sha256.digest(stage1);
        sha256.update(stage2);
        sha256.update(SCRAMBLE);
        byte[] mixed = sha256.digest();
        byte[] expected = new byte[32];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) (stage1[i] ^ mixed[i]);
        }

        assertThat(CachingSha2Password.INSTANCE.computeResponse(PASSWORD, SCRAMBLE)).isEqualTo(expected);
    }

    @Test
    void answersTheHandshakeInTheMysqlVectors() {
        HandshakeV10 handshake = decode(golden("mysql-8.4-handshake-v10"), HandshakeV10::decode);
        HandshakeResponse41 login = decode(golden("mysql-8.4-handshake-response41"), HandshakeResponse41::decode);

        assertThat(CachingSha2Password.INSTANCE.computeResponse(PASSWORD, handshake.authPluginData()))
                .isEqualTo(login.authResponse());
    }

    @Test
    void storedHashIsTheDoubleSha256() throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");

        assertThat(CachingSha2Password.storedHash(PASSWORD)).isEqualTo(sha256.digest(sha256.digest(PASSWORD)));
    }

    @Test
    void verifiesTheRightPassword() {
        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(PASSWORD), SCRAMBLE, PYTHON_RESPONSE))
                .isTrue();
    }

    @Test
    void rejectsAWrongPassword() {
        byte[] stored = CachingSha2Password.storedHash(PASSWORD);
        byte[] wrong = CachingSha2Password.INSTANCE.computeResponse(
                "golden-pass ".getBytes(StandardCharsets.UTF_8), SCRAMBLE);

        assertThat(CachingSha2Password.verify(stored, SCRAMBLE, wrong)).isFalse();
        assertThat(CachingSha2Password.verify(stored, SCRAMBLE, new byte[0])).isFalse();
        assertThat(CachingSha2Password.verify(stored, SCRAMBLE, new byte[20])).isFalse();
    }

    @Test
    void rejectsAResponseToAnotherScramble() {
        byte[] otherScramble = SCRAMBLE.clone();
        otherScramble[19] ^= 1;

        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(PASSWORD), otherScramble,
                PYTHON_RESPONSE)).isFalse();
    }

    @Test
    void emptyPasswordHasEmptyResponse() {
        byte[] response = CachingSha2Password.INSTANCE.computeResponse(new byte[0], SCRAMBLE);

        assertThat(response).isEmpty();
        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(new byte[0]), SCRAMBLE, response))
                .isTrue();
    }

    @Test
    void rejectsAScrambleWithItsNul() {
        byte[] withNul = decode(golden("mysql-8.4-auth-switch-request"), AuthSwitchRequest::decode).pluginData();

        assertThatThrownBy(() -> CachingSha2Password.INSTANCE.computeResponse(PASSWORD, withNul))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("caching_sha2_password: scramble: 21 bytes");
    }
}
