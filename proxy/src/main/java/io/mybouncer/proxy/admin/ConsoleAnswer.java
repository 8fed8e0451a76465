package io.mybouncer.proxy.admin;

import io.mybouncer.proxy.frontend.ProxyError;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** What a console command answers: a table of rows, a plain OK, an ERR, or one of these later. */
sealed interface ConsoleAnswer {
    /**
     * An answer prepared off the event loop (RELOAD reads files). The stage completes with the
     * answer, ERRs included; it completing exceptionally is a bug, and closes the connection.
     */
    record Later(CompletionStage<ConsoleAnswer> answer) implements ConsoleAnswer {
        public Later {
            Objects.requireNonNull(answer, "answer");
        }
    }

    /** OK, with an info message for clients that show it. */
    record Done(String info) implements ConsoleAnswer {
        public Done {
            Objects.requireNonNull(info, "info");
        }
    }

    /** One of the proxy's own ERRs, with its message arguments. */
    record Refused(ProxyError error, List<Object> arguments) implements ConsoleAnswer {
        public Refused {
            Objects.requireNonNull(error, "error");
            arguments = List.copyOf(arguments);
        }

        static Refused of(ProxyError error, Object... arguments) {
            return new Refused(error, List.of(arguments));
        }
    }

    /**
     * A result set: values are text as the text protocol carries them, {@code null} for SQL NULL.
     *
     * @param columns the columns, at least one
     * @param rows    each row has one value per column
     */
    record Table(List<Column> columns, List<List<String>> rows) implements ConsoleAnswer {
        public Table {
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("a result set needs at least one column");
            }
            int width = columns.size();
            columns = List.copyOf(columns);
            // Stream.toList keeps nulls (List.copyOf refuses them), and NULL is a value here.
            rows = rows.stream().map(row -> {
                if (row.size() != width) {
                    throw new IllegalArgumentException("row " + row + " (expected: " + width + " values)");
                }
                return row.stream().toList();
            }).toList();
        }
    }

    /** A result-set column: its name, and whether its values are numbers (right-aligned by clients). */
    record Column(String name, boolean numeric) {
        static Column text(String name) {
            return new Column(name, false);
        }

        static Column number(String name) {
            return new Column(name, true);
        }
    }

    /** How every time column shows a moment: ISO-8601 in UTC, to the second. */
    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
