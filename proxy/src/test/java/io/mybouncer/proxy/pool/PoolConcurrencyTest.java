package io.mybouncer.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.config.PoolSettings;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many clients on several real event loops acquire and release one small pool as fast as they can,
 * with resets finishing on the connection's own loop: the size bound holds at every moment, no
 * connection is lent twice, every acquire completes on its requester's loop, and the pool ends
 * with everything idle. Bounded by a deadline, not by sleeps.
 */
class PoolConcurrencyTest {
    private static final int LOOPS = 4;
    private static final int CLIENTS_PER_LOOP = 6;
    private static final int ROUNDS = 300;
    private static final int SIZE = 3;

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(LOOPS, NioIoHandler.newFactory());
    private final FakeBackendFactory factory = new FakeBackendFactory();
    private final Pool pool = new Pool(new PoolKey("app", null, 45, CapabilitySet.NONE),
            new PoolSettings(PoolMode.SESSION, SIZE, 0, 100, Duration.ofSeconds(30), Duration.ofMinutes(10),
                    Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30)),
            factory, group, Ticker.systemTicker(), AcquireListener.NONE);

    private final Set<PooledConnection> holders = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lent = new AtomicInteger();
    private final AtomicInteger maxLent = new AtomicInteger();
    private final AtomicInteger maxTotal = new AtomicInteger();
    private final AtomicInteger lentTwice = new AtomicInteger();
    private final AtomicInteger offLoop = new AtomicInteger();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stopLoops() throws InterruptedException {
        pool.close();
        assertThat(group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sizeBoundHoldsUnderConcurrentAcquireAndReleaseFromSeveralLoops() throws InterruptedException {
        factory.resetAnswer = FakeConnection.Answer.SUCCEED_LATER;
        List<EventLoop> loops = new ArrayList<>();
        group.forEach(executor -> loops.add((EventLoop) executor));
        CountDownLatch finished = new CountDownLatch(LOOPS * CLIENTS_PER_LOOP);

        for (EventLoop loop : loops) {
            for (int client = 0; client < CLIENTS_PER_LOOP; client++) {
                loop.execute(() -> round(loop, ROUNDS, finished));
            }
        }

        assertThat(finished.await(60, TimeUnit.SECONDS)).as("all clients finished within the deadline").isTrue();
        // Each loop runs its queued tasks in order: once a no-op has run on every loop, the last resets have too.
        for (EventExecutor loop : group) {
            assertThat(loop.submit(() -> { }).await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(lentTwice).hasValue(0);
        assertThat(offLoop).as("acquires completed off their requester's loop").hasValue(0);
        assertThat(maxLent.get()).as("the pool was used to its size").isEqualTo(SIZE);
        assertThat(maxTotal.get()).isLessThanOrEqualTo(SIZE);
        assertThat(factory.opened.size()).isLessThanOrEqualTo(SIZE);
        PoolStats stats = pool.stats();
        assertThat(stats.active() + stats.resetting() + stats.connecting() + stats.waiting()).isZero();
        assertThat(stats.idle()).isEqualTo(factory.opened.size());
    }

    /** One client: acquire, hold the connection for a task, release, again. */
    private void round(EventLoop loop, int remaining, CountDownLatch finished) {
        pool.acquire(loop).addListener((Future<PooledConnection> acquired) -> {
            if (!loop.inEventLoop()) {
                offLoop.incrementAndGet();
            }
            if (!acquired.isSuccess()) {
                failures.add(acquired.cause());
                finished.countDown();
                return;
            }
            PooledConnection connection = acquired.getNow();
            if (!holders.add(connection)) {
                lentTwice.incrementAndGet();
            }
            maxLent.accumulateAndGet(lent.incrementAndGet(), Math::max);
            maxTotal.accumulateAndGet(pool.stats().total(), Math::max);
            loop.execute(() -> {
                holders.remove(connection);
                lent.decrementAndGet();
                pool.release(connection);
                if (remaining > 1) {
                    round(loop, remaining - 1, finished);
                } else {
                    finished.countDown();
                }
            });
        });
    }
}
