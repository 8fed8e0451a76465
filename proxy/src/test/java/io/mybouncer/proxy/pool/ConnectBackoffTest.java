package io.mybouncer.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectBackoffTest {
    private final ConnectBackoff backoff = new ConnectBackoff();

    @Test
    void doublesFromOneHundredMillisecondsUpToFiveSeconds() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            backoff.failed(new ConnectException("Connection refused"), 0);
            delays.add(TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos()));
        }

        assertThat(delays).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
        assertThat(backoff.failures()).isEqualTo(9);
    }

    @Test
    void allowsTheNextAttemptOnlyAfterTheDelay() {
        long now = TimeUnit.SECONDS.toNanos(7);
        assertThat(backoff.nanosUntilNextAttempt(now)).isZero();

        backoff.failed(new ConnectException("Connection refused"), now);

        assertThat(backoff.nanosUntilNextAttempt(now)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(backoff.nanosUntilNextAttempt(now + TimeUnit.MILLISECONDS.toNanos(100))).isZero();
    }

    @Test
    void aSuccessClearsTheDelayAndTheLastError() {
        ConnectException refused = new ConnectException("Connection refused");
        backoff.failed(refused, 0);
        backoff.failed(refused, 0);
        assertThat(backoff.lastError()).isSameAs(refused);

        backoff.succeeded();

        assertThat(backoff.isFailing()).isFalse();
        assertThat(backoff.lastError()).isNull();
        backoff.failed(refused, 0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos())).isEqualTo(100);
    }
}
