package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.MysqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Table {@value #TABLE} with known rows: row {@code N} holds {@code 'row-N'}, and the query for it
 * selects {@code N} back, so every answer says which request it belongs to and whether it is right.
 * The layout (id, name) matches the small table {@code mybouncer demo} creates, so seeding works on
 * its database too.
 */
public final class KnownRows {
    public static final String TABLE = "t";
    public static final int MAX_ROWS = 1_000_000;
    /** Rows per INSERT: a few KiB per statement, far below any max_allowed_packet. */
    private static final int BATCH = 500;

    private KnownRows() {
    }

    /** The value row {@code id} holds. */
    public static String expectedValue(long id) {
        return "row-" + id;
    }

    /** The query a worker runs for {@code GET /q?id=N}: the id from the request, the value from the table. */
    public static String lookup(long id) {
        return "SELECT " + id + " AS id, name FROM " + TABLE + " WHERE id = " + id;
    }

    /**
     * Creates the table if it is missing and gives rows 1..{@code rows} their known values,
     * idempotently (REPLACE), on the client's current schema. Blocks until done.
     */
    public static void seed(MysqlClient client, int rows) {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows: " + rows + " (expected: 1.." + MAX_ROWS + ")");
        }
        for (String statement : seedStatements(rows)) {
            client.query(statement).join();
        }
    }

    static List<String> seedStatements(int rows) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
        for (int first = 1; first <= rows; first += BATCH) {
            StringBuilder replace = new StringBuilder("REPLACE INTO " + TABLE + " (id, name) VALUES ");
            for (int id = first; id < first + BATCH && id <= rows; id++) {
                replace.append(id == first ? "" : ", ").append('(').append(id).append(", '")
                        .append(expectedValue(id)).append("')");
            }
            statements.add(replace.toString());
        }
        return statements;
    }
}
