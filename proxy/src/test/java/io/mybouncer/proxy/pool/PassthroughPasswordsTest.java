package io.mybouncer.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PassthroughPasswordsTest {
    private final PassthroughPasswords passwords = new PassthroughPasswords();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void holdsAPasswordWhileAnyClientOfItsUserHoldsIt() {
        assertThat(passwords.password("app")).isNull();
        PassthroughPasswords.Hold first = passwords.hold("app", utf8("pässword"));
        PassthroughPasswords.Hold second = passwords.hold("app", utf8("pässword"));

        first.close();
        first.close();
        assertThat(passwords.password("app")).isEqualTo("pässword");
        second.close();
        assertThat(passwords.password("app")).isNull();
    }

    @Test
    void theNewestLoginsPasswordWinsAndUsersAreSeparate() {
        PassthroughPasswords.Hold old = passwords.hold("app", utf8("old"));
        passwords.hold("app", utf8("new"));
        passwords.hold("reports", utf8("theirs"));

        old.close();

        assertThat(passwords.password("app")).isEqualTo("new");
        assertThat(passwords.password("reports")).isEqualTo("theirs");
        assertThat(passwords.toString()).isEqualTo("PassthroughPasswords[2 users, redacted]");
    }

    @Test
    void copiesThePasswordItIsGiven() {
        byte[] given = utf8("secret");
        passwords.hold("app", given);

        given[0] = 'X';

        assertThat(passwords.password("app")).isEqualTo("secret");
    }
}
