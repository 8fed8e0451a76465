package io.mybouncer.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link HostPort}, {@link DurationSyntax} and {@link ByteSizeSyntax}: parse and format round trips. */
class ValueSyntaxTest {
    @Test
    void hostPortParsesNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("db.internal:3307")).isEqualTo(new HostPort("db.internal", 3307));
        assertThat(HostPort.parse("db.internal", 3306)).isEqualTo(new HostPort("db.internal", 3306));
        assertThat(HostPort.parse("10.0.0.1:1")).isEqualTo(new HostPort("10.0.0.1", 1));
        assertThat(HostPort.parse("[::1]:65535")).isEqualTo(new HostPort("::1", 65535));
        assertThat(HostPort.parse("[fe80::1]", 6033)).isEqualTo(new HostPort("fe80::1", 6033));
        assertThat(new HostPort("::1", 6033)).hasToString("[::1]:6033");
        assertThat(new HostPort("db", 6033)).hasToString("db:6033");
    }

    @Test
    void hostPortRefusesWhatItCannotRead() {
        for (String bad : new String[] {"", ":3306", "db:", "db:0", "db:65536", "db:-1", "db:3306x", "::1",
            "[::1", "[::1]x", "db :3306", "db", "db:123456"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> HostPort.parse(bad))
                    .withMessageStartingWith("(expected: ");
        }
    }

    @Test
    void durationsRoundTrip() {
        assertThat(DurationSyntax.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationSyntax.parse("10s")).contains(Duration.ofSeconds(10));
        assertThat(DurationSyntax.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(DurationSyntax.parse("1h")).contains(Duration.ofHours(1));
        assertThat(DurationSyntax.parse("2d")).contains(Duration.ofDays(2));
        assertThat(DurationSyntax.parse("0")).contains(Duration.ZERO);
        for (String bad : new String[] {"", "10", "1.5s", "-1s", "1m30s", "10 s", "10S", "1w", "s"}) {
            assertThat(DurationSyntax.parse(bad)).as(bad).isEmpty();
        }
        for (String text : new String[] {"0", "1500ms", "90s", "10m", "25h", "3d"}) {
            assertThat(DurationSyntax.format(DurationSyntax.parse(text).orElseThrow())).isEqualTo(text);
        }
        assertThat(DurationSyntax.format(Duration.ofMinutes(60))).isEqualTo("1h");
    }

    @Test
    void byteSizesUseBinaryUnits() {
        assertThat(ByteSizeSyntax.parse("1024").getAsLong()).isEqualTo(1024);
        assertThat(ByteSizeSyntax.parse("64K").getAsLong()).isEqualTo(64 << 10);
        assertThat(ByteSizeSyntax.parse("64m").getAsLong()).isEqualTo(64 << 20);
        assertThat(ByteSizeSyntax.parse("16MiB").getAsLong()).isEqualTo(16 << 20);
        assertThat(ByteSizeSyntax.parse("1G").getAsLong()).isEqualTo(1 << 30);
        for (String bad : new String[] {"", "1T", "-1", "1.5M", "64 M", "MiB", "64MB"}) {
            assertThat(ByteSizeSyntax.parse(bad)).as(bad).isEmpty();
        }
        assertThat(ByteSizeSyntax.format(64 << 20)).isEqualTo("64M");
        assertThat(ByteSizeSyntax.format(1 << 30)).isEqualTo("1G");
        assertThat(ByteSizeSyntax.format(1536)).isEqualTo("1536");
        assertThat(ByteSizeSyntax.format(0)).isEqualTo("0");
    }
}
