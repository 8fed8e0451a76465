package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.number;
import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.admin.ConsoleAnswer.Column;
import io.mybouncer.proxy.pool.ConnectionSnapshot;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SHOW SERVERS: one row per backend connection past its login, pool by pool: the proxy's id for it
 * ({@code backend#id} in log lines), the server's connection id (what the server's process list
 * shows), its pool and state, when it logged in and, when idle, since when; in transaction and
 * statement modes also the prepared statements it keeps for its clients (cached now, prepared since it
 * logged in, evicted to stay within {@code pools.statement_cache_size}).
 */
final class ShowServers implements ConsoleCommand {
    private static final List<Column> COLUMNS = List.of(number("id"), number("server_id"), text("pool"),
            text("state"), text("connected_at"), text("idle_since"), text("statements"));

    private final PoolRegistry pools;

    ShowServers(PoolRegistry pools) {
        this.pools = pools;
    }

    @Override
    public ConsoleAnswer run(String argument, AdminSession caller) {
        Instant now = Instant.now();
        List<List<String>> rows = new ArrayList<>();
        for (Pool pool : pools.pools()) {
            for (ConnectionSnapshot connection : pool.connections()) {
                rows.add(Arrays.asList(String.valueOf(connection.id()), String.valueOf(connection.serverConnectionId()),
                        pool.key().toString(), connection.state(),
                        ConsoleAnswer.timestamp(now.minus(connection.age())),
                        "idle".equals(connection.state())
                                ? ConsoleAnswer.timestamp(now.minus(connection.idle())) : null,
                        connection.statements()));
            }
        }
        return new ConsoleAnswer.Table(COLUMNS, rows);
    }
}
