package io.mybouncer.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.auth.RsaPasswordEncryptor.Padding;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RsaPasswordEncryptorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPair PROXY_KEYS = RsaPasswordEncryptor.generateKeyPair(RANDOM);
    private static final byte[] PASSWORD = "golden-pass".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SCRAMBLE = GoldenVectors.parseHex("5e257564053f014355296b1a3b406e47615f2f4e");

    @ParameterizedTest
    @EnumSource(Padding.class)
    void decryptsWhatItEncrypted(Padding padding) {
        byte[] encrypted = RsaPasswordEncryptor.encrypt(PASSWORD, SCRAMBLE, publicKey(), padding);

        assertThat(encrypted).hasSize(RsaPasswordEncryptor.KEY_BITS / 8);
        assertThat(RsaPasswordEncryptor.decrypt(encrypted, SCRAMBLE, privateKey(), padding)).isEqualTo(PASSWORD);
    }

    @Test
    void roundTripsAPasswordLongerThanTheScramble() {
        byte[] longPassword = "a passphrase that is longer than twenty bytes".getBytes(StandardCharsets.UTF_8);

        byte[] encrypted = RsaPasswordEncryptor.encrypt(longPassword, SCRAMBLE, publicKey(), Padding.OAEP);

        assertThat(RsaPasswordEncryptor.decrypt(encrypted, SCRAMBLE, privateKey(), Padding.OAEP))
                .isEqualTo(longPassword);
    }

    @Test
    void failsClearlyWithTheWrongKey() {
        RSAPublicKey otherKey = RsaPasswordEncryptor.parsePublicKey(resource("rsa-public-key-x509.pem"));
        byte[] encrypted = RsaPasswordEncryptor.encrypt(PASSWORD, SCRAMBLE, otherKey, Padding.OAEP);

        assertThatThrownBy(() -> RsaPasswordEncryptor.decrypt(encrypted, SCRAMBLE, privateKey(), Padding.OAEP))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("do not decrypt with the server's private key")
                .hasMessageContaining("OAEP");
    }

    @Test
    void failsWithTheWrongPadding() {
        byte[] encrypted = RsaPasswordEncryptor.encrypt(PASSWORD, SCRAMBLE, publicKey(), Padding.PKCS1);

        assertThatThrownBy(() -> RsaPasswordEncryptor.decrypt(encrypted, SCRAMBLE, privateKey(), Padding.OAEP))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void failsWithAnotherScramble() {
        byte[] encrypted = RsaPasswordEncryptor.encrypt(PASSWORD, SCRAMBLE, publicKey(), Padding.OAEP);
        byte[] otherScramble = Scramble.generate(RANDOM).bytes();

        assertThatThrownBy(() -> RsaPasswordEncryptor.decrypt(encrypted, otherScramble, privateKey(), Padding.OAEP))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("without a final NUL");
    }

    @Test
    void refusesAPasswordTooLongForTheKey() {
        byte[] tooLong = new byte[RsaPasswordEncryptor.KEY_BITS / 8];

        assertThatThrownBy(() -> RsaPasswordEncryptor.encrypt(tooLong, SCRAMBLE, publicKey(), Padding.OAEP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void parsesX509AndPkcs1FormsOfTheSameKey() {
        RSAPublicKey x509 = RsaPasswordEncryptor.parsePublicKey(resource("rsa-public-key-x509.pem"));
        RSAPublicKey pkcs1 = RsaPasswordEncryptor.parsePublicKey(resource("rsa-public-key-pkcs1.pem"));

        assertThat(pkcs1.getModulus()).isEqualTo(x509.getModulus());
        assertThat(pkcs1.getPublicExponent()).isEqualTo(x509.getPublicExponent());
        assertThat(x509.getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void writesPemThatParsesBackAndMatchesOpensslLayout() {
        RSAPublicKey key = RsaPasswordEncryptor.parsePublicKey(resource("rsa-public-key-x509.pem"));

        assertThat(RsaPasswordEncryptor.toPem(key)).isEqualTo(resource("rsa-public-key-x509.pem"));
        assertThat(RsaPasswordEncryptor.parsePublicKey(RsaPasswordEncryptor.toPem(publicKey()))).isEqualTo(publicKey());
    }

    @Test
    void toleratesATrailingNulAfterThePem() {
        String pem = RsaPasswordEncryptor.toPem(publicKey()) + "\0";

        assertThat(RsaPasswordEncryptor.parsePublicKey(pem)).isEqualTo(publicKey());
    }

    @Test
    void rejectsTextThatIsNotAPublicKey() {
        assertThatThrownBy(() -> RsaPasswordEncryptor.parsePublicKey("-----BEGIN CERTIFICATE-----\nAAAA\n"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("RSA public key: starts with '-----BEGIN CERTIFICATE-----'");
    }

    @Test
    void rejectsBrokenBase64() {
        String pem = "-----BEGIN PUBLIC KEY-----\nnot*base64\n-----END PUBLIC KEY-----\n";

        assertThatThrownBy(() -> RsaPasswordEncryptor.parsePublicKey(pem))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("base64");
    }

    @Test
    void rejectsATruncatedPkcs1Key() {
        String full = resource("rsa-public-key-pkcs1.pem");
        String body = full.substring(full.indexOf('\n') + 1, full.indexOf("-----END")).replace("\n", "");
        String truncated = "-----BEGIN RSA PUBLIC KEY-----\n" + body.substring(0, 40)
                + "\n-----END RSA PUBLIC KEY-----\n";

        assertThatThrownBy(() -> RsaPasswordEncryptor.parsePublicKey(truncated))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("RSA public key");
    }

    @Test
    void rejectsAnX509BodyThatIsNotAKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\nAAECAwQ=\n-----END PUBLIC KEY-----";

        assertThatThrownBy(() -> RsaPasswordEncryptor.parsePublicKey(pem))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("expected: a DER-encoded RSA key");
    }

    private static RSAPublicKey publicKey() {
        return (RSAPublicKey) PROXY_KEYS.getPublic();
    }

    private static RSAPrivateKey privateKey() {
        return (RSAPrivateKey) PROXY_KEYS.getPrivate();
    }

    private static String resource(String name) {
        try (InputStream in = RsaPasswordEncryptorTest.class.getResourceAsStream("/golden/connection/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
