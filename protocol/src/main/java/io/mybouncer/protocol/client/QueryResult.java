package io.mybouncer.protocol.client;

import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A command's decoded results, in order: one per result set or OK (a CALL or a multi-statement
 * query has several). For tests and small tools; the proxy never decodes results.
 */
public record QueryResult(List<Result> results) {
    /** One result: an OK, or a result set. */
    public sealed interface Result {
    }

    public record Ok(OkPacket ok) implements Result {
    }

    /**
     * A result set; each row holds the raw values (text protocol: the text bytes; binary protocol:
     * the value's wire bytes), {@code null} for SQL NULL.
     */
    public record Rows(List<ColumnDefinition41> columns, List<List<byte[]>> rows) implements Result {
        /** The rows as UTF-8 strings, for text-protocol results. */
        public List<List<String>> strings() {
            List<List<String>> out = new ArrayList<>(rows.size());
            for (List<byte[]> row : rows) {
                List<String> values = new ArrayList<>(row.size());
                for (byte[] value : row) {
                    values.add(value == null ? null : new String(value, StandardCharsets.UTF_8));
                }
                out.add(values);
            }
            return out;
        }
    }

    public QueryResult {
        results = List.copyOf(results);
    }

    /** The result sets, skipping OKs. */
    public List<Rows> resultSets() {
        return results.stream().filter(Rows.class::isInstance).map(Rows.class::cast).toList();
    }

    /** The first result set's rows as strings. */
    public List<List<String>> rows() {
        List<Rows> sets = resultSets();
        if (sets.isEmpty()) {
            throw new IllegalStateException("no result set in " + results);
        }
        return sets.get(0).strings();
    }

    /** The last OK, for statements without a result set. */
    public OkPacket ok() {
        for (int i = results.size() - 1; i >= 0; i--) {
            if (results.get(i) instanceof Ok ok) {
                return ok.ok();
            }
        }
        throw new IllegalStateException("no OK in " + results);
    }
}
