package io.mybouncer.proxy.pool;

import io.mybouncer.proxy.config.PoolSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Ticker;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The proxy's pools, one per {@link PoolKey}, created (and started) the first time a client needs
 * one. All pools share one set of settings, replaced by a reload ({@link #reconfigure}), one backend
 * factory, and whether they are paused (the admin console's PAUSE and RESUME), which a pool created
 * while paused starts with.
 */
public final class PoolRegistry implements AutoCloseable {
    private final BackendFactory factory;
    private final EventLoopGroup loops;
    private final AcquireListener acquireListener;
    private final ConcurrentMap<PoolKey, Pool> pools = new ConcurrentHashMap<>();
    /**
     * What a new pool starts with. The writers set these first and then apply the change to every
     * pool in the map; only a pool being created at that very moment can miss it (a login racing a
     * RELOAD or PAUSE), and the next RELOAD or PAUSE reaches it.
     */
    private volatile PoolSettings settings;
    private volatile boolean paused;

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
            if (paused) {
                pool.pause();
            }
            pool.start();
            return pool;
        });
    }

    /** The pools that exist now, for statistics. */
    public List<Pool> pools() {
        return List.copyOf(pools.values());
    }

    /** New settings for every pool, existing and future. */
    public void reconfigure(PoolSettings next) {
        settings = next;
        pools.values().forEach(pool -> pool.reconfigure(next));
    }

    /** Stops every pool handing out connections, and those created from now on; see {@link Pool#pause}. */
    public void pause() {
        paused = true;
        pools.values().forEach(Pool::pause);
    }

    public void resume() {
        paused = false;
        pools.values().forEach(Pool::resume);
    }

    public boolean paused() {
        return paused;
    }

    @Override
    public void close() {
        pools.values().forEach(Pool::close);
    }
}
