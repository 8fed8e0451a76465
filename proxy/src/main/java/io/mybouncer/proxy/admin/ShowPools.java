package io.mybouncer.proxy.admin;

import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.number;
import static io.mybouncer.proxy.admin.ConsoleAnswer.Column.text;

import io.mybouncer.proxy.admin.ConsoleAnswer.Column;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.pool.PoolRegistry;
import io.mybouncer.proxy.pool.PoolStats;
import io.mybouncer.proxy.session.ClientSession;
import io.mybouncer.proxy.session.SessionRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SHOW POOLS, after PgBouncer's: one row per pool, with its clients holding a backend
 * ({@code cl_active}) or waiting for one ({@code cl_waiting}), its connections by state
 * ({@code sv_*}), how long the first waiting client has waited, its mode and size, and whether
 * it is paused.
 */
final class ShowPools implements ConsoleCommand {
    private static final List<Column> COLUMNS = List.of(text("pool"), text("user"), text("database"),
            number("cl_active"), number("cl_waiting"), number("sv_active"), number("sv_idle"), number("sv_connecting"),
            number("sv_validating"), number("sv_resetting"), number("maxwait_ms"), text("pool_mode"),
            number("pool_size"), text("paused"));

    private final PoolRegistry pools;
    private final SessionRegistry sessions;

    ShowPools(PoolRegistry pools, SessionRegistry sessions) {
        this.pools = pools;
        this.sessions = sessions;
    }

    @Override
    public ConsoleAnswer run(String argument, AdminSession caller) {
        Map<PoolKey, int[]> clients = clientsByPool();
        List<List<String>> rows = new ArrayList<>();
        List<Pool> sorted = new ArrayList<>(pools.pools());
        sorted.sort(Comparator.comparing(pool -> pool.key().toString()));
        for (Pool pool : sorted) {
            PoolStats stats = pool.stats();
            int[] counts = clients.getOrDefault(pool.key(), new int[2]);
            rows.add(List.of(pool.key().toString(), pool.key().user(),
                    pool.key().database() == null ? "" : pool.key().database(),
                    String.valueOf(counts[0]), String.valueOf(counts[1]), String.valueOf(stats.active()),
                    String.valueOf(stats.idle()), String.valueOf(stats.connecting()),
                    String.valueOf(stats.validating()), String.valueOf(stats.resetting()),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(stats.longestWaitNanos())),
                    pool.settings().mode().name().toLowerCase(Locale.ROOT), String.valueOf(pool.settings().size()),
                    pool.paused() ? "yes" : "no"));
        }
        return new ConsoleAnswer.Table(COLUMNS, rows);
    }

    /** Per pool: clients holding a backend (one being checked for a fork hazard still holds its own), and waiting. */
    private Map<PoolKey, int[]> clientsByPool() {
        Map<PoolKey, int[]> clients = new HashMap<>();
        for (ClientSession session : sessions.sessions()) {
            int column = switch (session.state()) {
                case ACTIVE, CHECKING -> 0;
                case WAITING -> 1;
                default -> -1;
            };
            if (column >= 0) {
                clients.computeIfAbsent(session.poolKey(), key -> new int[2])[column]++;
            }
        }
        return clients;
    }
}
