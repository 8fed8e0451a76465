package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.auth.Payloads.golden;
import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.golden.GoldenVectors.parseHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class AuthMoreDataTest {
    @Test
    void decodesFastAuthSuccess() {
        AuthMoreData packet = decode(golden("mysql-8.4-auth-more-data-fast-auth-success"), AuthMoreData::decode);

        assertThat(packet).isEqualTo(new AuthMoreData(new byte[] {0x03}));
    }

    @Test
    void encodesFastAuthSuccessByteForByte() {
        assertThat(encode(CachingSha2Step.FAST_AUTH_SUCCESS.toAuthMoreData()::encode))
                .isEqualTo(golden("mysql-8.4-auth-more-data-fast-auth-success"));
    }

    @Test
    void decodesPerformFullAuthentication() {
        AuthMoreData packet = decode(golden("mysql-8.4-auth-more-data-perform-full-authentication"),
                AuthMoreData::decode);

        assertThat(packet).isEqualTo(new AuthMoreData(new byte[] {0x04}));
    }

    @Test
    void encodesPerformFullAuthenticationByteForByte() {
        assertThat(encode(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.toAuthMoreData()::encode))
                .isEqualTo(golden("mysql-8.4-auth-more-data-perform-full-authentication"));
    }

    @Test
    void carriesThePublicKeyPemBothWays() {
        byte[] payload = golden("mysql-8.4-auth-more-data-public-key");
        AuthMoreData packet = decode(payload, AuthMoreData::decode);
        String pem = new String(packet.data(), StandardCharsets.US_ASCII);

        RSAPublicKey key = RsaPasswordEncryptor.parsePublicKey(pem);

        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(encode(new AuthMoreData(pem.getBytes(StandardCharsets.US_ASCII))::encode)).isEqualTo(payload);
    }

    @Test
    void rejectsOtherHeaders() {
        assertThatThrownBy(() -> decode(parseHex("00 03"), AuthMoreData::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("AuthMoreData: header")
                .hasMessageContaining("(expected: 0x01)");
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> decode(new byte[0], AuthMoreData::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("AuthMoreData header");
    }
}
