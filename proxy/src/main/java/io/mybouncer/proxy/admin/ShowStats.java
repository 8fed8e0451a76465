package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.number;

import io.mybouncer.proxy.admin.ConsoleAnswer.Column;
import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolRegistry;
import io.mybouncer.proxy.pool.PoolStats;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * SHOW STATS: one row of totals since start, from the same counters as {@code /metrics}: statements,
 * transactions, time in statements, bytes from and to clients, ERRs, backend connects, fork hazards,
 * and the configuration generation. PgBouncer splits these by database; one row keeps it short.
 */
final class ShowStats implements ConsoleCommand {
    private static final List<Column> COLUMNS = List.of(number("queries"), number("transactions"),
            number("query_time_us"), number("avg_query_us"), number("received_bytes"), number("sent_bytes"),
            number("errors"), number("backend_connects"), number("backend_connect_failures"), number("fork_hazards"),
            number("config_generation"));

    private final ProxyMetrics metrics;
    private final PoolRegistry pools;

    ShowStats(ProxyMetrics metrics, PoolRegistry pools) {
        this.metrics = metrics;
        this.pools = pools;
    }

    @Override
    public ConsoleAnswer run(String argument, AdminSession caller) {
        ProxyMetrics.Totals totals = metrics.totals();
        long connects = 0;
        long failures = 0;
        for (Pool pool : pools.pools()) {
            PoolStats stats = pool.stats();
            connects += stats.created();
            failures += stats.connectFailures();
        }
        long queryMicros = TimeUnit.NANOSECONDS.toMicros(totals.queryNanos());
        return new ConsoleAnswer.Table(COLUMNS, List.of(List.of(String.valueOf(totals.queries()),
                String.valueOf(totals.transactions()), String.valueOf(queryMicros),
                String.valueOf(totals.queries() == 0 ? 0 : queryMicros / totals.queries()),
                String.valueOf(totals.receivedBytes()), String.valueOf(totals.sentBytes()),
                String.valueOf(totals.errors()), String.valueOf(connects), String.valueOf(failures),
                String.valueOf(totals.forkHazards()), String.valueOf(totals.configGeneration()))));
    }
}
