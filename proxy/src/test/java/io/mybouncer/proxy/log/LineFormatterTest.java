package io.mybouncer.proxy.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** Log lines in both formats: fields, parameters, escaping, errors. */
class LineFormatterTest {
    private static LogRecord record(Level level, String message, Object... parameters) {
        LogRecord record = new LogRecord(level, message);
        record.setParameters(parameters);
        record.setLoggerName("io.mybouncer.proxy.ProxyServer");
        record.setInstant(Instant.parse("2026-11-27T20:07:01.123Z"));
        return record;
    }

    @Test
    void keyValueLinesQuoteOnlyWhatNeedsIt() {
        String line = new LineFormatter(LogFormat.KV).format(record(Level.INFO, "listening on {0}", "/127.0.0.1:6033"));

        assertThat(line).isEqualTo("ts=2026-11-27T20:07:01.123Z level=INFO logger=ProxyServer"
                + " msg=\"listening on /127.0.0.1:6033\"" + System.lineSeparator());
    }

    @Test
    void aMessageCannotBreakTheLineOrForgeAField() {
        String line = new LineFormatter(LogFormat.KV).format(record(Level.WARNING, "user {0}",
                "x\" level=ERROR\nforged=1\\"));

        assertThat(line).isEqualTo("ts=2026-11-27T20:07:01.123Z level=WARN logger=ProxyServer"
                + " msg=\"user x\\\" level=ERROR\\nforged=1\\\\\"" + System.lineSeparator());
    }

    @Test
    void jsonLinesAreOneObjectWithTheErrorWhenThereIsOne() {
        LogRecord record = record(Level.SEVERE, "backend {0} unreachable", "db:3306");
        record.setThrown(new IOException("Connection refused\u0001"));

        String line = new LineFormatter(LogFormat.JSON).format(record);

        assertThat(line).isEqualTo("{\"ts\":\"2026-11-27T20:07:01.123Z\",\"level\":\"ERROR\",\"logger\":\"ProxyServer\","
                + "\"msg\":\"backend db:3306 unreachable\",\"error\":\"java.io.IOException: Connection refused\\u0001\"}"
                + System.lineSeparator());
    }

    @Test
    void finerLevelsAreDebug() {
        assertThat(new LineFormatter(LogFormat.KV).format(record(Level.FINEST, "x"))).contains(" level=DEBUG ");
    }

    @Test
    void theLevelChangesWhileRunning() {
        LogLevel before = Logging.level();
        try {
            Logging.configure(LogFormat.KV, LogLevel.WARN);
            assertThat(java.util.logging.Logger.getLogger("io.mybouncer.x").isLoggable(Level.INFO)).isFalse();
            Logging.setLevel(LogLevel.DEBUG);
            assertThat(java.util.logging.Logger.getLogger("io.mybouncer.x").isLoggable(Level.FINE)).isTrue();
            assertThat(Logging.level()).isEqualTo(LogLevel.DEBUG);
        } finally {
            Logging.configure(LogFormat.KV, before);
        }
    }
}
