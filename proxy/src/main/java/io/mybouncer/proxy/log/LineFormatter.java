package io.mybouncer.proxy.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes each log record as one line in a {@link LogFormat}: time (UTC), level, the logger's simple
 * name, the message with its parameters filled in, and the error's class and message when there is
 * one (no stack trace: one event, one line). Values are escaped so that a line never breaks and a
 * quote in a message cannot forge a field.
 */
public final class LineFormatter extends Formatter {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final LogFormat format;

    public LineFormatter(LogFormat format) {
        this.format = format;
    }

    @Override
    public String format(LogRecord record) {
        String[][] fields = {
            {"ts", TIME.format(Instant.ofEpochMilli(record.getMillis()))},
            {"level", LogLevel.of(record.getLevel()).name()},
            {"logger", simpleName(record.getLoggerName())},
            {"msg", formatMessage(record)},
            {"error", record.getThrown() == null ? null : record.getThrown().toString()},
        };
        StringBuilder line = new StringBuilder(160);
        if (format == LogFormat.JSON) {
            line.append('{');
            for (String[] field : fields) {
                if (field[1] != null) {
                    if (line.length() > 1) {
                        line.append(',');
                    }
                    json(line.append('"').append(field[0]).append("\":"), field[1]);
                }
            }
            line.append('}');
        } else {
            for (String[] field : fields) {
                if (field[1] != null) {
                    if (line.length() > 0) {
                        line.append(' ');
                    }
                    keyValue(line.append(field[0]).append('='), field[1]);
                }
            }
        }
        return line.append(System.lineSeparator()).toString();
    }

    private static String simpleName(String loggerName) {
        if (loggerName == null) {
            return "root";
        }
        return loggerName.substring(loggerName.lastIndexOf('.') + 1);
    }

    /** Bare when it is one plain word, else quoted with {@code \"}, {@code \\} and control characters escaped. */
    static void keyValue(StringBuilder line, String value) {
        boolean bare = !value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c != '\\'
                && c != 0x7F);
        if (bare) {
            line.append(value);
            return;
        }
        line.append('"');
        escape(line, value);
        line.append('"');
    }

    /** A JSON string (RFC 8259 section 7). */
    static void json(StringBuilder line, String value) {
        line.append('"');
        escape(line, value);
        line.append('"');
    }

    private static void escape(StringBuilder line, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> line.append("\\\"");
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < ' ' || c == 0x7F) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }
}
