package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    /** Covers a login to a remote server on a busy machine. */
    private static final long CONNECT_TIMEOUT_SECONDS = 30;

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
     * Logs in as {@code login}, creates the table if it is missing and gives rows 1..{@code rows}
     * their known values, idempotently (REPLACE), on the login's schema. Blocks until done.
     */
    public static void seed(DbLogin login, int rows) throws Exception {
        if (rows < 1 || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows: " + rows + " (expected: 1.." + MAX_ROWS + ")");
        }
        NettyTransport transport = NettyTransport.preferred();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        try (MysqlClient client = MysqlClient.connect(group, transport, login.address(), login.clientOptions())
                .get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            for (String statement : seedStatements(rows)) {
                client.query(statement).join();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
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
