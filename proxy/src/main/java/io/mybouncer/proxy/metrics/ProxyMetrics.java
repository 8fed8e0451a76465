package io.mybouncer.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.proxy.MybouncerVersion;
import io.mybouncer.proxy.backend.RelayObserver;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.tracking.PinCounters;
import io.mybouncer.proxy.tracking.PinReason;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.pool.AcquireListener;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.session.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Every meter of the proxy, named {@code mybouncer_*} in Prometheus text, with low-cardinality labels
 * only (pool, state, reason, result; never a client or a query text).
 *
 * <p>What the hot path updates is a counter or a timer; what is a count of things (connections and
 * clients by state, waiting clients) is read from the pools and sessions when {@link #scrape()}
 * runs, so relaying pays nothing for it.
 */
public final class ProxyMetrics implements AcquireListener, RelayObserver {
    /** Latency buckets from 100 µs (a local point select) to 10 s. */
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
    };

    private static final String ERRORS_HELP =
            "ERR packets clients received: the proxy's own by reason, the server's as backend_error";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PoolMeters pools;
    private final Supplier<ClientCounts> clientCounts;
    /** The last scrape's client counts, read by the client gauges. */
    private volatile ClientCounts clients = ClientCounts.NONE;
    private final ClientTraffic traffic = new ClientTraffic();
    private final Counter queries;
    private final Timer queryDuration;
    private final Counter transactions;
    private final LongAdder backendErrors = new LongAdder();
    private final ConcurrentMap<String, Timer> acquireWaits = new ConcurrentHashMap<>();
    private final ForkHazardDetector forkHazards;
    private final PinCounters pins = new PinCounters();
    /** 1 at start, one more for each RELOAD. */
    private final AtomicLong configGeneration = new AtomicLong(1);

    /**
     * @param mode         the configured pool mode, shown in {@code mybouncer_info}
     * @param pools        the pools that exist now
     * @param clientCounts client connections by state now
     */
    public ProxyMetrics(PoolMode mode, Supplier<List<Pool>> pools, ForkHazardDetector forkHazards,
            Supplier<ClientCounts> clientCounts) {
        this.pools = new PoolMeters(registry, pools);
        this.clientCounts = clientCounts;
        this.forkHazards = forkHazards;
        Gauge.builder("mybouncer.info", () -> 1)
                .description("The running mybouncer: version and pool mode")
                .tags("version", MybouncerVersion.get(), "pool_mode", mode.name().toLowerCase())
                .register(registry);
        Gauge.builder("mybouncer.config.generation", configGeneration, AtomicLong::get)
                .description("How many configurations this process has loaded: 1 at start, one more per RELOAD")
                .register(registry);
        clientGauge("login", ClientCounts::login);
        clientGauge("idle", ClientCounts::idle);
        clientGauge("waiting", ClientCounts::waiting);
        clientGauge("active", ClientCounts::active);
        FunctionCounter.builder("mybouncer.client.received", traffic, ClientTraffic::received)
                .description("Bytes read from client connections (after TLS)")
                .baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("mybouncer.client.sent", traffic, ClientTraffic::sent)
                .description("Bytes written to client connections (before TLS)")
                .baseUnit("bytes")
                .register(registry);
        queries = Counter.builder("mybouncer.queries")
                .description("Statements relayed (COM_QUERY, COM_STMT_EXECUTE) whose response ended")
                .register(registry);
        queryDuration = Timer.builder("mybouncer.query.duration")
                .description("From relaying a statement to the end of its response")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        transactions = Counter.builder("mybouncer.transactions")
                .description("Transactions ended, statements in autocommit mode included")
                .register(registry);
        for (ProxyError error : ProxyError.values()) {
            FunctionCounter.builder("mybouncer.errors", error, ProxyError::sentCount)
                    .description(ERRORS_HELP)
                    .tag("reason", error.name().toLowerCase())
                    .register(registry);
        }
        for (ForkHazardDetector.Verdict verdict : List.of(ForkHazardDetector.Verdict.SHARED,
                ForkHazardDetector.Verdict.UNEXPLAINED)) {
            for (boolean rejected : new boolean[] {true, false}) {
                FunctionCounter.builder("mybouncer.fork.hazards", forkHazards, d -> d.reported(verdict, rejected))
                        .description("Client connections used by several processes (shared), or overlapping"
                                + " commands the OS could not explain (unexplained); stopped or only logged")
                        .tags("verdict", verdict.name().toLowerCase(), "action", rejected ? "rejected" : "logged")
                        .register(registry);
            }
        }
        FunctionCounter.builder("mybouncer.errors", backendErrors, LongAdder::sum)
                .description(ERRORS_HELP)
                .tag("reason", "backend_error")
                .register(registry);
        for (PinReason reason : PinReason.values()) {
            FunctionCounter.builder("mybouncer.pins", pins, counters -> counters.count(reason))
                    .description("Clients pinned to their backend in transaction or statement mode, by the session"
                            + " state that pinned them (counted when a reason starts to hold)")
                    .tag("reason", reason.label())
                    .register(registry);
        }
    }

    /** Where sessions count their pins. */
    public PinCounters pinCounters() {
        return pins;
    }

    private void clientGauge(String state, ToIntFunction<ClientCounts> count) {
        Gauge.builder("mybouncer.client.connections", this, metrics -> count.applyAsInt(metrics.clients))
                .description("Client connections by state: login (handshake), idle, waiting (for a backend), active")
                .tag("state", state)
                .register(registry);
    }

    /** The handler that counts client bytes; one for every client pipeline. */
    public ClientTraffic clientTraffic() {
        return traffic;
    }

    /** The Prometheus text exposition (format 0.0.4) of every meter, counts read now. */
    public String scrape() {
        clients = clientCounts.get();
        pools.refresh();
        return registry.scrape();
    }

    /** A RELOAD applied a configuration; returns the new generation. */
    public long configLoaded() {
        return configGeneration.incrementAndGet();
    }

    /** The running totals since start, for the admin console's SHOW STATS. */
    public Totals totals() {
        long errors = backendErrors.sum();
        for (ProxyError error : ProxyError.values()) {
            errors += error.sentCount();
        }
        long hazards = 0;
        for (ForkHazardDetector.Verdict verdict : ForkHazardDetector.Verdict.values()) {
            hazards += forkHazards.reported(verdict, true) + forkHazards.reported(verdict, false);
        }
        return new Totals((long) queries.count(), (long) queryDuration.totalTime(TimeUnit.NANOSECONDS),
                (long) transactions.count(), traffic.received(), traffic.sent(), errors, hazards,
                configGeneration.get());
    }

    @Override
    public void acquired(PoolKey key, long waitNanos) {
        acquireWaits.computeIfAbsent(key.label(), label -> Timer.builder("mybouncer.pool.acquire.wait")
                        .description("How long clients waited for a backend connection")
                        .tag("pool", label)
                        .serviceLevelObjectives(LATENCY_BUCKETS)
                        .register(registry))
                .record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void responseEnded(ExpectedResponse command, long nanos, boolean error) {
        if (command.multipleResults()) {
            queries.increment();
            queryDuration.record(nanos, TimeUnit.NANOSECONDS);
        }
        if (error) {
            backendErrors.increment();
        }
    }

    @Override
    public void transactionEnded() {
        transactions.increment();
    }

    /**
     * Running totals since start, as the counters above hold them.
     *
     * @param queries          statements whose response ended
     * @param queryNanos       their summed duration
     * @param transactions     transactions ended, autocommit statements included
     * @param receivedBytes    bytes read from clients
     * @param sentBytes        bytes written to clients
     * @param errors           ERRs clients received, the proxy's own and the server's
     * @param forkHazards      connections found shared by processes, or overlaps left unexplained
     * @param configGeneration configurations loaded: 1 at start, one more per RELOAD
     */
    public record Totals(long queries, long queryNanos, long transactions, long receivedBytes, long sentBytes,
            long errors, long forkHazards, long configGeneration) {
    }

    /**
     * Client connections by state.
     *
     * @param login   connected, handshake or authentication not finished
     * @param idle    logged in, holding no backend
     * @param waiting waiting for the pool
     * @param active  holding a backend
     */
    public record ClientCounts(int login, int idle, int waiting, int active) {
        static final ClientCounts NONE = new ClientCounts(0, 0, 0, 0);

        /** From every client connection's count and the logged-in sessions by state. */
        public static ClientCounts of(int connections, Map<SessionState, Integer> sessions) {
            // A connection stopped for a fork hazard holds no backend; one being judged still holds its own;
            // one changing user waits for its new login.
            int idle = sessions.get(SessionState.IDLE) + sessions.get(SessionState.FORK_HAZARD);
            int waiting = sessions.get(SessionState.WAITING) + sessions.get(SessionState.CHANGING_USER);
            int active = sessions.get(SessionState.ACTIVE) + sessions.get(SessionState.CHECKING);
            int loggedIn = idle + waiting + active + sessions.get(SessionState.CLOSED);
            return new ClientCounts(Math.max(0, connections - loggedIn), idle, waiting, active);
        }
    }
}
