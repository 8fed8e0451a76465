package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordVerifiersTest {
    private static final byte[] PASSWORD = "pässword-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER = "pässword-2".getBytes(StandardCharsets.UTF_8);

    private final MockTicker ticker = Ticker.newMockTicker();
    private final PasswordVerifiers verifiers = new PasswordVerifiers(new SecureRandom(), ticker);

    @Test
    void matchesOnlyTheRememberedPasswordOfThatUser() {
        assertThat(verifiers.matches("app", PASSWORD)).isFalse();

        verifiers.remember("app", PASSWORD);

        assertThat(verifiers.matches("app", PASSWORD)).isTrue();
        assertThat(verifiers.matches("app", OTHER)).isFalse();
        assertThat(verifiers.matches("app", new byte[0])).isFalse();
        assertThat(verifiers.matches("other", PASSWORD)).isFalse();
    }

    @Test
    void aNewlyAcceptedPasswordReplacesTheOldOne() {
        verifiers.remember("app", PASSWORD);
        verifiers.remember("app", OTHER);

        assertThat(verifiers.matches("app", OTHER)).isTrue();
        assertThat(verifiers.matches("app", PASSWORD)).isFalse();
    }

    @Test
    void expiresAfterItsLifetimeAndGoesWhenForgotten() {
        verifiers.remember("app", PASSWORD);
        verifiers.remember("other", PASSWORD);

        ticker.advance(PasswordVerifiers.LIFETIME.toNanos(), TimeUnit.NANOSECONDS);
        assertThat(verifiers.matches("app", PASSWORD)).isTrue();
        ticker.advance(1, TimeUnit.NANOSECONDS);
        assertThat(verifiers.matches("app", PASSWORD)).isFalse();

        verifiers.remember("app", PASSWORD);
        verifiers.forget("app");
        assertThat(verifiers.matches("app", PASSWORD)).isFalse();
    }

    @Test
    void printsNoHash() {
        verifiers.remember("app", PASSWORD);

        assertThat(verifiers.toString()).isEqualTo("PasswordVerifiers[1 users, redacted]");
    }
}
