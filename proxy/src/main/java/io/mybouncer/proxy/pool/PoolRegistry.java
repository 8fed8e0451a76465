package io.mybouncer.proxy.pool;

import io.mybouncer.proxy.config.PoolSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Ticker;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The proxy's pools, one per {@link PoolKey}, created (and started) the first time a client needs
 * one. All pools share one set of settings and one backend factory.
 */
public final class PoolRegistry implements AutoCloseable {
    private final PoolSettings settings;
    private final BackendFactory factory;
    private final EventLoopGroup loops;
    private final AcquireListener acquireListener;
    private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();

    public PoolRegistry(PoolSettings settings, BackendFactory factory, EventLoopGroup loops,
            AcquireListener acquireListener) {
        this.settings = settings;
        this.factory = factory;
        this.loops = loops;
        this.acquireListener = acquireListener;
    }

    /** The pool for {@code key}, created and started on first use. */
    public Pool pool(PoolKey key) {
        return pools.computeIfAbsent(key, k -> {
            Pool pool = new Pool(k, settings, factory, loops, Ticker.systemTicker(), acquireListener);
            pool.start();
            return pool;
        });
    }

    /** The pools that exist now, for statistics. */
    public List<Pool> pools() {
        return List.copyOf(pools.values());
    }

    @Override
    public void close() {
        pools.values().forEach(Pool::close);
    }
}
