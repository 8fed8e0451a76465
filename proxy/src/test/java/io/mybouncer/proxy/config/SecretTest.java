package io.mybouncer.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.mybouncer.protocol.auth.MysqlNativePassword;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SecretTest {
    /** SHA1(SHA1("password")), as MySQL's PASSWORD('password') showed it. */
    private static final String PASSWORD_HASH = "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19";

    @Test
    void toStringHidesEveryForm() {
        assertThat(Secret.plaintext("password")).hasToString("***");
        assertThat(Secret.nativePasswordHash(PASSWORD_HASH)).hasToString("***");
        assertThat(UserConfig.sameOnBackend("app", Secret.plaintext("password")).toString())
                .doesNotContain("password=").doesNotContain("password,").contains("***");
    }

    @Test
    void plaintextGivesThePasswordAndItsNativeHash() {
        Secret secret = Secret.plaintext("password");

        assertThat(secret.form()).isEqualTo(Secret.Form.PLAINTEXT);
        assertThat(secret.canLogInToBackend()).isTrue();
        assertThat(secret.revealPlaintext()).isEqualTo("password");
        assertThat(MysqlNativePassword.toHashString(secret.nativePasswordHash())).isEqualTo(PASSWORD_HASH);
    }

    @Test
    void hashVerifiesNativeLoginsButHasNoPassword() {
        Secret secret = Secret.nativePasswordHash(PASSWORD_HASH.toLowerCase());
        byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        byte[] response = MysqlNativePassword.INSTANCE.computeResponse("password".getBytes(StandardCharsets.UTF_8),
                scramble);

        assertThat(secret.form()).isEqualTo(Secret.Form.NATIVE_PASSWORD_HASH);
        assertThat(secret.canLogInToBackend()).isFalse();
        assertThat(MysqlNativePassword.verify(secret.nativePasswordHash(), scramble, response)).isTrue();
        assertThatIllegalStateException().isThrownBy(secret::revealPlaintext).withMessageNotContaining("2470");
    }

    @Test
    void malformedHashMessageDoesNotRepeatIt() {
        for (String bad : new String[] {"", "2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E1G",
            "*ABC", "password"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> Secret.nativePasswordHash(bad))
                    .withMessage("not a mysql_native_password hash (expected: '*' and 40 hex digits, as in mysql.user)");
        }
    }

    @Test
    void equalityComparesFormAndValue() {
        assertThat(Secret.plaintext("a")).isEqualTo(Secret.plaintext("a")).isNotEqualTo(Secret.plaintext("b"));
        assertThat(Secret.nativePasswordHash(PASSWORD_HASH)).isEqualTo(Secret.nativePasswordHash(PASSWORD_HASH))
                .isNotEqualTo(Secret.plaintext("password"));
        assertThat(Secret.plaintext("a").hashCode()).isEqualTo(Secret.plaintext("b").hashCode());
    }

    @Test
    void nativeHashIsACopy() {
        Secret secret = Secret.nativePasswordHash(PASSWORD_HASH);
        secret.nativePasswordHash()[0] ^= 1;

        assertThat(MysqlNativePassword.toHashString(secret.nativePasswordHash())).isEqualTo(PASSWORD_HASH);
    }

    @Test
    void aHashCannotBeABackendSecret() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                UserConfig.sameOnBackend("reports", Secret.nativePasswordHash(PASSWORD_HASH)))
                .withMessageContaining("a hash cannot log in to the backend");
    }
}
