package io.mybouncer.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mybouncer.proxy.pool.CloseReason;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolStats;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The per-pool meters, read from {@link Pool#stats()} snapshots taken once per scrape
 * ({@link #refresh}) and summed by {@link io.mybouncer.proxy.pool.PoolKey#label() label}: pools that
 * differ only in collation or capability class show as one. Pools appear at a client's first
 * login; their meters are registered then, at the next scrape.
 */
final class PoolMeters {
    private final MeterRegistry registry;
    private final Supplier<List<Pool>> pools;
    /** The last scrape's totals by pool label; read by the meters, replaced by {@link #refresh}. */
    private volatile Map<String, PoolStats> byLabel = Map.of();

    PoolMeters(MeterRegistry registry, Supplier<List<Pool>> pools) {
        this.registry = registry;
        this.pools = pools;
    }

    void refresh() {
        Map<String, PoolStats> totals = new HashMap<>();
        for (Pool pool : pools.get()) {
            totals.merge(pool.key().label(), pool.stats(), PoolMeters::sum);
        }
        Map<String, PoolStats> previous = byLabel;
        byLabel = totals;
        totals.keySet().stream().filter(label -> !previous.containsKey(label)).forEach(this::register);
    }

    /** Registering again is a no-op in Micrometer, so a label seen before (e.g. after a reload) is harmless. */
    private void register(String label) {
        connections(label, "connecting", PoolStats::connecting);
        connections(label, "idle", PoolStats::idle);
        connections(label, "validating", PoolStats::validating);
        connections(label, "active", PoolStats::active);
        connections(label, "resetting", PoolStats::resetting);
        Gauge.builder("mybouncer.pool.waiting.clients", this, meters -> meters.read(label, PoolStats::waiting))
                .description("Clients queued for a backend connection of the pool")
                .tag("pool", label)
                .register(registry);
        connects(label, "success", PoolStats::created);
        connects(label, "failure", PoolStats::connectFailures);
        for (CloseReason reason : CloseReason.values()) {
            FunctionCounter.builder("mybouncer.server.closes", this,
                            meters -> meters.read(label, stats -> stats.closed().get(reason)))
                    .description("Backend connections the pool closed, by reason")
                    .tags("pool", label, "reason", reason.name().toLowerCase())
                    .register(registry);
        }
    }

    private void connections(String label, String state, ToDoubleFunction<PoolStats> count) {
        Gauge.builder("mybouncer.server.connections", this, meters -> meters.read(label, count))
                .description("Backend connections by pool and state")
                .tags("pool", label, "state", state)
                .register(registry);
    }

    private void connects(String label, String result, ToDoubleFunction<PoolStats> count) {
        FunctionCounter.builder("mybouncer.backend.connects", this, meters -> meters.read(label, count))
                .description("Backend connect and login attempts, by result")
                .tags("pool", label, "result", result)
                .register(registry);
    }

    private double read(String label, ToDoubleFunction<PoolStats> field) {
        PoolStats stats = byLabel.get(label);
        return stats == null ? 0 : field.applyAsDouble(stats);
    }

    private static PoolStats sum(PoolStats a, PoolStats b) {
        Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, a.closed().get(reason) + b.closed().get(reason));
        }
        return new PoolStats(a.connecting() + b.connecting(), a.idle() + b.idle(), a.validating() + b.validating(),
                a.active() + b.active(), a.resetting() + b.resetting(), a.waiting() + b.waiting(),
                Math.max(a.longestWaitNanos(), b.longestWaitNanos()), a.created() + b.created(), a.connectFailures() + b.connectFailures(), closed,
                a.connectFailing() || b.connectFailing());
    }
}
