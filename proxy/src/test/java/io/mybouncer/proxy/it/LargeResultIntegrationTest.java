package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.proxy.pool.CloseReason;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Results far larger than any buffer, through the proxy: a client that reads slowly does not make
 * the proxy hold the result in memory (it stops reading the backend), and a client that leaves in
 * the middle of one costs its backend connection, nothing else.
 */
@ExtendWith(ScenarioBackendExtension.class)
class LargeResultIntegrationTest {
    /**
     * 40 MB in rows of 2 KB: big enough that buffering it would show, in rows large enough that the
     * paranoid leak detector's per-buffer cost does not make the test slow.
     */
    private static final int ROWS = 20_000;
    private static final int ROW_BYTES = 2000;
    /** From MariaDB's sequence engine. */
    private static final String MARIADB_BIG_RESULT = "SELECT seq, REPEAT('x', " + ROW_BYTES + ") FROM seq_1_to_" + ROWS;
    /**
     * MySQL has no sequence engine, and a recursive CTE stops at 1,000 rows unless a session variable
     * is raised: the rows come from a cross join of digits instead.
     */
    private static final String MYSQL_BIG_RESULT = "SELECT d1.d + 10 * d2.d + 100 * d3.d + 1000 * d4.d + 10000 * d5.d"
            + ", REPEAT('x', " + ROW_BYTES + ") FROM " + digits("d1") + ", " + digits("d2") + ", " + digits("d3")
            + ", " + digits("d4") + ", " + digits("d5") + " LIMIT " + ROWS;
    /**
     * What the proxy may hold for a stalled client: a few socket-sized batches (about 9 MB measured,
     * allocator chunks included), where a proxy without backpressure held 80 MB.
     */
    private static final long BUFFER_LIMIT = 24L << 20;
    /** Rows a streaming Connector/J result fetches at a time. */
    private static final int FETCH_SIZE = 100;

    /** The statement that returns the big result on this backend. */
    private static String bigResult;
    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        bigResult = backend.isMariaDb() ? MARIADB_BIG_RESULT : MYSQL_BIG_RESULT;
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults());
    }

    /** The digits 0 to 9 as a derived table of one column, {@code d}. */
    private static String digits(String alias) {
        StringBuilder union = new StringBuilder("(SELECT 0 AS d");
        for (int digit = 1; digit <= 9; digit++) {
            union.append(" UNION ALL SELECT ").append(digit);
        }
        return union.append(") AS ").append(alias).toString();
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Connection connect() throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(), "");
    }

    /**
     * While one client stalls in a 40 MB result, another reads the same 40 MB through the proxy. A
     * proxy that kept reading the stalled client's backend would have taken in about as much for it
     * meanwhile (event loops serve channels in turn); one with backpressure holds only what fits
     * before the client's socket is full. The other client's read is the bounded wait.
     */
    @Test
    void aStalledReaderIsNotBufferedAndOthersAreServedMeanwhile() throws Exception {
        long before = nettyMemory();
        try (Connection slow = connect(); Statement statement = slow.createStatement(); Connection other = connect()) {
            // Streaming: the driver reads the socket only as rows are consumed.
            statement.setFetchSize(FETCH_SIZE);
            try (ResultSet rows = statement.executeQuery(bigResult)) {
                assertThat(rows.next()).isTrue();

                assertThat(countRows(other)).as("rows read by another client meanwhile").isEqualTo(ROWS);
                long held = nettyMemory() - before;
                assertThat(held).as("bytes the proxy holds for a stalled %d MB result", ROWS * ROW_BYTES / 1_000_000)
                        .isLessThan(BUFFER_LIMIT);

                int count = 1;
                while (rows.next()) {
                    count++;
                }
                assertThat(count).isEqualTo(ROWS);
            }
            assertThat(selectOne(slow)).as("the slow client after its result").isEqualTo(1);
        }
    }

    @Test
    void aClientLeavingMidResultCostsOnlyItsBackend() throws Exception {
        long discardedBefore = discardedMidResponse();
        Connection leaving = connect();
        Statement statement = leaving.createStatement();
        statement.setFetchSize(FETCH_SIZE);
        ResultSet rows = statement.executeQuery(bigResult);
        assertThat(rows.next()).isTrue();

        // Closes the socket at once, without reading the rest as close() would.
        leaving.abort(Runnable::run);

        BoundedWait.until("the proxy discards the backend of the client that left mid-result",
                Duration.ofSeconds(10), () -> discardedMidResponse() > discardedBefore);
        try (Connection next = connect()) {
            assertThat(selectOne(next)).isEqualTo(1);
        }
    }

    private static long discardedMidResponse() {
        return proxy.pools().stream()
                .mapToLong(pool -> pool.closed().get(CloseReason.CLIENT_DISCONNECTED_MID_RESPONSE)).sum();
    }

    /** Bytes Netty's default allocator has taken (the proxy's buffers; the JDBC drivers do not use Netty). */
    private static long nettyMemory() {
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }

    private static int countRows(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(bigResult)) {
            int count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        }
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }
}
