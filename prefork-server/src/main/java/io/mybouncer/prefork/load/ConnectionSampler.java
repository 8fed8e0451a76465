package io.mybouncer.prefork.load;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.QueryResult;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches how many connections the database server has while a load runs: {@code Threads_connected},
 * asked over a separate connection of its own every few milliseconds, keeping the largest value.
 * Point it at the database itself, not at mybouncer, whose own answer would say nothing of the backend.
 */
final class ConnectionSampler implements AutoCloseable {
    private static final String QUERY = "SHOW GLOBAL STATUS LIKE 'Threads_connected'";
    /** Often enough to catch a short peak, rarely enough to cost the server nothing measurable. */
    private static final long INTERVAL_MILLIS = 20;

    private final MysqlClient client;
    private final EventLoop loop;
    // Written on the client's event loop; read by other threads after close().
    private volatile int max = -1;
    private volatile Throwable failure;
    /** Loop only. */
    private boolean stopped;
    private ScheduledFuture<?> next;

    private ConnectionSampler(MysqlClient client) {
        this.client = client;
        this.loop = client.channel().eventLoop();
    }

    /** Connects, takes a first sample, and keeps sampling until {@link #close()}. */
    static ConnectionSampler start(EventLoopGroup group, NettyTransport transport, DbLogin backend, Duration timeout)
            throws Exception {
        MysqlClient client = MysqlClient.connect(group, transport, backend.address(), backend.clientOptions())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ConnectionSampler sampler = new ConnectionSampler(client);
        sampler.record(client.query(QUERY).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        sampler.loop.execute(sampler::sample);
        return sampler;
    }

    private void sample() {
        client.query(QUERY).whenCompleteAsync((result, error) -> {
            if (stopped) {
                return;
            }
            if (error != null) {
                failure = error;
                return;
            }
            record(result);
            next = loop.schedule(this::sample, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }, loop);
    }

    private void record(QueryResult result) {
        // One row: Variable_name, Value.
        max = Math.max(max, Integer.parseInt(result.rows().get(0).get(1)));
    }

    /**
     * The most connections seen, minus this sampler's own. Call after {@link #close()}.
     *
     * @throws IllegalStateException when sampling failed during the run
     */
    int maxOtherConnections() {
        if (failure != null) {
            throw new IllegalStateException("sampling the database's Threads_connected failed: " + failure, failure);
        }
        return max - 1;
    }

    @Override
    public void close() {
        loop.submit(() -> {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
        }).syncUninterruptibly();
        client.close();
    }
}
