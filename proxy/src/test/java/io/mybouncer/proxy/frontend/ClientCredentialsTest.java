package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {
    private static final byte[] PASSWORD = "pw".getBytes(StandardCharsets.UTF_8);

    @Test
    void derivesBothVerifiersFromAPassword() {
        ClientCredentials credentials = ClientCredentials.ofPassword(PASSWORD);

        assertThat(credentials.nativeHash()).hasValue(MysqlNativePassword.storedHash(PASSWORD));
        assertThat(credentials.cachingSha2Hash()).hasValue(CachingSha2Password.storedHash(PASSWORD));
        assertThat(credentials.isPassthrough()).isFalse();
    }

    @Test
    void knowsOnlyTheNativeVerifierFromAHash() {
        String hash = MysqlNativePassword.toHashString(MysqlNativePassword.storedHash(PASSWORD));

        ClientCredentials credentials = ClientCredentials.ofNativeHash(hash.toLowerCase());

        assertThat(credentials.nativeHash()).hasValue(MysqlNativePassword.storedHash(PASSWORD));
        assertThat(credentials.cachingSha2Hash()).isEmpty();
        assertThat(credentials.toString()).doesNotContain(hash.substring(1, 9), hash.substring(1, 9).toLowerCase());
        assertThatThrownBy(() -> ClientCredentials.ofNativeHash("plaintext")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passthroughDirectoryKnowsEveryNameAndAFixedOneOnlyItsOwn() {
        assertThat(UserDirectory.passthrough().lookup("whoever")).hasValueSatisfying(
                credentials -> assertThat(credentials.isPassthrough()).isTrue());
        UserDirectory fixed = UserDirectory.of(Map.of("app", ClientCredentials.ofPassword(PASSWORD)));
        assertThat(fixed.lookup("app")).isPresent();
        assertThat(fixed.lookup("APP")).isEmpty();
    }
}
