package io.mybouncer.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.config.PoolSettings;
import io.mybouncer.proxy.pool.FakeBackendFactory.Mode;
import io.mybouncer.proxy.pool.FakeConnection.Answer;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pool logic against fake connections, on two {@link EmbeddedChannel} event loops that share a
 * {@link MockTicker}: every timer (acquire timeout, connect backoff) fires when the test advances
 * the clock, and every future completes on the test thread, so nothing here waits or races.
 */
class PoolTest {
    private static final PoolKey KEY =
            new PoolKey("app", "shop", 45, CapabilitySet.of(Capability.CLIENT_DEPRECATE_EOF));
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);
    private static final Duration VALIDATION_INTERVAL = Duration.ofSeconds(30);

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel channelA = EmbeddedChannel.builder().ticker(ticker).build();
    private final EmbeddedChannel channelB = EmbeddedChannel.builder().ticker(ticker).build();
    private final EventLoop loopA = channelA.eventLoop();
    private final EventLoop loopB = channelB.eventLoop();
    private final FakeBackendFactory factory = new FakeBackendFactory();
    /** Every wait the pool reported, in nanoseconds. */
    private final List<Long> acquireWaits = new ArrayList<>();

    @AfterEach
    void loopsHaveNoMessagesLeft() {
        assertThat(channelA.finish()).isFalse();
        assertThat(channelB.finish()).isFalse();
    }

    @Test
    void connectsOnTheRequestersLoopAndReusesTheConnectionAfterAReset() {
        Pool pool = pool(2, 0);

        FakeConnection connection = lent(pool.acquire(loopB));
        assertThat(factory.requests).containsExactly(loopB);
        assertThat(connection.eventLoop()).isSameAs(loopB);

        pool.release(connection);
        assertThat(connection.resets).hasValue(1);
        assertThat(pool.stats().idle()).isEqualTo(1);

        assertThat(pool.acquire(loopB).getNow()).isSameAs(connection);
        assertThat(factory.requests).hasSize(1);
        PoolStats stats = pool.stats();
        assertThat(stats.active()).isEqualTo(1);
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.created()).isEqualTo(1);
    }

    @Test
    void prefersAnIdleConnectionOnTheRequestersLoopThenAnyIdleOne() {
        Pool pool = pool(4, 0);
        FakeConnection onA = lent(pool.acquire(loopA));
        FakeConnection onB = lent(pool.acquire(loopB));
        pool.release(onA);
        pool.release(onB);

        // onB is the most recently idle overall, yet each loop gets its own.
        assertThat(pool.acquire(loopA).getNow()).isSameAs(onA);
        assertThat(pool.acquire(loopB).getNow()).isSameAs(onB);

        pool.release(onB);
        assertThat(pool.acquire(loopA).getNow())
                .as("an idle connection on another loop beats a new connect")
                .isSameAs(onB);
        assertThat(factory.requests).hasSize(2);
    }

    @Test
    void servesWaitersInArrivalOrder() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        List<Future<PooledConnection>> queued = List.of(pool.acquire(loopB), pool.acquire(loopA), pool.acquire(loopB));
        assertThat(queued).noneMatch(Future::isDone);
        assertThat(pool.stats().waiting()).isEqualTo(3);

        for (int served = 0; served < queued.size(); served++) {
            pool.release(connection);
            assertThat(queued.get(served).getNow()).as("waiter %d", served).isSameAs(connection);
            assertThat(queued.subList(served + 1, queued.size())).noneMatch(Future::isDone);
        }
        assertThat(pool.stats().waiting()).isZero();
        assertThat(connection.resets).hasValue(3);
    }

    @Test
    void reportsHowLongEachAcquireWaitedAndNothingForOneThatTimedOut() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        Future<PooledConnection> waiting = pool.acquire(loopB);
        advance(Duration.ofMillis(300));
        Future<PooledConnection> timingOut = pool.acquire(loopB);
        pool.release(connection);
        advance(ACQUIRE_TIMEOUT);

        assertThat(waiting.getNow()).isSameAs(connection);
        assertThat(timingOut.cause()).isInstanceOf(PoolTimeoutException.class);
        assertThat(acquireWaits).containsExactly(0L, Duration.ofMillis(300).toNanos());
    }

    @Test
    void aWaiterTimesOutWithAnErrorNamingThePoolAndTheTimeout() {
        Pool pool = pool(1, 0);
        lent(pool.acquire(loopA));
        Future<PooledConnection> waiting = pool.acquire(loopB);

        advance(ACQUIRE_TIMEOUT.minusMillis(1));
        assertThat(waiting.isDone()).isFalse();
        advance(Duration.ofMillis(1));

        assertThat(waiting.cause())
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessageContaining("app/shop")
                .hasMessageContaining("within 1000 ms")
                .hasMessageContaining("pool size 1")
                .hasMessageNotContaining("unreachable");
        assertThat(((PoolTimeoutException) waiting.cause()).backendUnreachable()).isFalse();
        assertThat(pool.stats().waiting()).isZero();
    }

    @Test
    void neverConnectsBeyondItsSize() {
        Pool pool = pool(2, 0);
        factory.mode = Mode.HOLD;
        List<Future<PooledConnection>> acquires = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            acquires.add(pool.acquire(i % 2 == 0 ? loopA : loopB));
        }
        assertThat(factory.requests).hasSize(2);
        assertThat(pool.stats().connecting()).isEqualTo(2);
        assertThat(pool.stats().waiting()).isEqualTo(5);

        FakeConnection first = factory.pending.remove().succeed();
        assertThat(acquires.get(0).getNow()).isSameAs(first);
        assertThat(acquires.subList(1, 5)).noneMatch(Future::isDone);
        assertThat(factory.requests).hasSize(2);
        assertThat(pool.stats().total()).isEqualTo(2);
    }

    @Test
    void resetsOnReleaseBeforeTheNextClientGetsTheConnection() {
        Pool pool = pool(1, 0);
        factory.resetAnswer = Answer.HOLD;
        FakeConnection connection = lent(pool.acquire(loopA));
        Future<PooledConnection> next = pool.acquire(loopB);

        pool.release(connection);
        assertThat(next.isDone()).isFalse();
        assertThat(pool.stats().resetting()).isEqualTo(1);

        connection.held.remove().setSuccess(null);
        assertThat(next.getNow()).isSameAs(connection);
    }

    @Test
    void closesAConnectionWhoseResetFailsAndConnectsAnotherForTheWaiter() {
        Pool pool = pool(1, 0);
        factory.resetAnswer = Answer.FAIL;
        FakeConnection connection = lent(pool.acquire(loopA));
        Future<PooledConnection> next = pool.acquire(loopB);

        pool.release(connection);

        assertThat(connection.closeReason).isEqualTo(CloseReason.RESET_FAILED);
        assertThat(factory.opened).hasSize(2);
        assertThat(next.getNow()).isSameAs(factory.opened.get(1));
        assertThat(pool.stats().closed()).containsEntry(CloseReason.RESET_FAILED, 1L);
    }

    @Test
    void closesAnUnusableConnectionOnReleaseWithoutResettingIt() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        connection.usable = false;

        pool.release(connection);

        assertThat(connection.resets).hasValue(0);
        assertThat(connection.closeReason).isEqualTo(CloseReason.BACKEND_CLOSED);
        assertThat(pool.stats().total()).isZero();
    }

    @Test
    void pingsAConnectionIdleForLongerThanTheValidationIntervalBeforeHandingItOut() {
        Pool pool = pool(2, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        pool.release(connection);

        advance(VALIDATION_INTERVAL);
        assertThat(pool.acquire(loopA).getNow()).isSameAs(connection);
        assertThat(connection.pings).as("idle exactly the interval: no ping").hasValue(0);
        pool.release(connection);

        advance(VALIDATION_INTERVAL.plusMillis(1));
        connection.pingAnswer = Answer.HOLD;
        Future<PooledConnection> validated = pool.acquire(loopA);
        assertThat(validated.isDone()).isFalse();
        assertThat(pool.stats().validating()).isEqualTo(1);

        connection.held.remove().setSuccess(null);
        assertThat(validated.getNow()).isSameAs(connection);
        assertThat(connection.pings).hasValue(1);
    }

    @Test
    void replacesAConnectionThatFailsValidationWithoutTheClientNoticing() {
        Pool pool = pool(2, 0);
        FakeConnection stale = lent(pool.acquire(loopA));
        pool.release(stale);
        advance(VALIDATION_INTERVAL.plusSeconds(1));
        stale.pingAnswer = Answer.FAIL;

        Future<PooledConnection> acquired = pool.acquire(loopA);

        assertThat(stale.closeReason).isEqualTo(CloseReason.VALIDATION_FAILED);
        assertThat(acquired.getNow()).isSameAs(factory.opened.get(1));
        assertThat(pool.stats().total()).isEqualTo(1);
        assertThat(pool.stats().closed()).containsEntry(CloseReason.VALIDATION_FAILED, 1L);
    }

    @Test
    void aConnectionValidatedForAWaiterThatTimedOutBecomesIdle() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        pool.release(connection);
        advance(VALIDATION_INTERVAL.plusSeconds(1));
        connection.pingAnswer = Answer.HOLD;

        Future<PooledConnection> acquired = pool.acquire(loopB);
        advance(ACQUIRE_TIMEOUT);
        assertThat(acquired.cause()).isInstanceOf(PoolTimeoutException.class);

        connection.held.remove().setSuccess(null);
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(pool.stats().active()).isZero();
    }

    @Test
    void closesConnectionsIdlePastTheTimeoutButKeepsTheMinimumIdle() {
        Pool pool = pool(4, 1);
        List<FakeConnection> connections = List.of(lent(pool.acquire(loopA)), lent(pool.acquire(loopA)),
                lent(pool.acquire(loopB)));
        for (FakeConnection connection : connections) {
            pool.release(connection);
            advance(Duration.ofSeconds(1));
        }

        advance(IDLE_TIMEOUT.minusSeconds(4));
        pool.runMaintenance();
        assertThat(pool.stats().idle()).as("oldest idle for 59 s").isEqualTo(3);

        advance(Duration.ofSeconds(3));
        pool.runMaintenance();
        assertThat(connections.get(0).closeReason).isEqualTo(CloseReason.IDLE_TIMEOUT);
        assertThat(connections.get(1).closeReason).isEqualTo(CloseReason.IDLE_TIMEOUT);
        assertThat(connections.get(2).closeReason).as("kept: min idle is 1").isNull();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(factory.requests).as("no warm-up needed").hasSize(3);
    }

    @Test
    void closesConnectionsPastTheirLifetimeOnlyWhenIdleAndWarmsUpReplacements() {
        Pool pool = pool(4, 1);
        FakeConnection idleOne = lent(pool.acquire(loopA));
        FakeConnection busyOne = lent(pool.acquire(loopA));
        pool.release(idleOne);

        advance(MAX_LIFETIME);
        pool.runMaintenance();
        assertThat(idleOne.closeReason).isEqualTo(CloseReason.LIFETIME_OVER);
        assertThat(busyOne.closeReason).as("a client's session is never cut").isNull();
        assertThat(factory.opened).as("min idle warmed up again").hasSize(3);
        assertThat(pool.stats().idle()).isEqualTo(1);

        pool.release(busyOne);
        assertThat(busyOne.closeReason).isEqualTo(CloseReason.LIFETIME_OVER);
        assertThat(busyOne.resets).hasValue(0);
        assertThat(pool.stats().closed()).containsEntry(CloseReason.LIFETIME_OVER, 2L);
    }

    @Test
    void warmsUpToTheMinimumIdleCountingConnectsInFlight() {
        Pool pool = pool(4, 2);
        factory.mode = Mode.HOLD;

        pool.runMaintenance();
        pool.runMaintenance();
        assertThat(factory.requests).hasSize(2);

        factory.pending.remove().succeed();
        factory.pending.remove().succeed();
        pool.runMaintenance();
        assertThat(factory.requests).hasSize(2);
        assertThat(pool.stats().idle()).isEqualTo(2);
    }

    @Test
    void startRunsMaintenanceAtOnceThenEverySecondUntilClosed() {
        Pool pool = pool(4, 1);
        factory.mode = Mode.HOLD;

        pool.start();
        advance(Duration.ZERO);
        assertThat(factory.requests).as("warm-up at start").hasSize(1);
        factory.pending.remove().refuse();
        advance(PoolJanitor.PERIOD);
        assertThat(factory.requests).as("the next round retries after the backoff").hasSize(2);
        assertThatThrownBy(pool::start).isInstanceOf(IllegalStateException.class);

        pool.close();
        factory.pending.remove().succeed();
        advance(PoolJanitor.PERIOD.multipliedBy(3));
        assertThat(factory.requests).as("no rounds after close").hasSize(2);
    }

    @Test
    void backsOffWhileConnectsFailAndServesTheWaitersOnceTheyWork() {
        Pool pool = pool(2, 0, Duration.ofSeconds(30));
        factory.mode = Mode.REFUSE;
        Future<PooledConnection> first = pool.acquire(loopA);
        assertThat(factory.requests).hasSize(1);

        long[] delaysMillis = {100, 200, 400, 800};
        for (long delay : delaysMillis) {
            int attempts = factory.requests.size();
            advance(Duration.ofMillis(delay - 1));
            assertThat(factory.requests).as("before the %d ms backoff ends", delay).hasSize(attempts);
            if (delay == 200) {
                pool.acquire(loopB);
                assertThat(factory.requests).as("a new waiter does not cut the backoff short").hasSize(attempts);
            }
            advance(Duration.ofMillis(1));
            assertThat(factory.requests).as("after the %d ms backoff", delay).hasSize(attempts + 1);
        }
        assertThat(first.isDone()).isFalse();
        assertThat(pool.stats().connectFailures()).isEqualTo(5);
        assertThat(pool.stats().connectFailing()).isTrue();

        factory.mode = Mode.SUCCEED;
        advance(Duration.ofMillis(1600));
        assertThat(first.isSuccess()).isTrue();
        assertThat(pool.stats().active()).as("the second waiter is served without another backoff").isEqualTo(2);
        assertThat(pool.stats().waiting()).isZero();
        assertThat(pool.stats().connectFailing()).isFalse();
    }

    @Test
    void aWaiterTimingOutWhileTheBackendIsDownLearnsTheConnectError() {
        Pool pool = pool(1, 0);
        factory.mode = Mode.REFUSE;
        Future<PooledConnection> waiting = pool.acquire(loopA);

        advance(ACQUIRE_TIMEOUT);

        assertThat(waiting.cause())
                .isInstanceOf(PoolTimeoutException.class)
                .hasMessageContaining("backend unreachable: Connection refused")
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(((PoolTimeoutException) waiting.cause()).backendUnreachable()).isTrue();
    }

    @Test
    void forgetsAnIdleConnectionTheBackendClosed() {
        Pool pool = pool(2, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        pool.release(connection);

        connection.closeFromBackend();

        assertThat(pool.stats().idle()).isZero();
        assertThat(pool.stats().closed()).containsEntry(CloseReason.BACKEND_CLOSED, 1L);
        assertThat(pool.acquire(loopA).getNow()).isNotSameAs(connection);
    }

    @Test
    void discardFreesTheSlotForAWaiter() {
        Pool pool = pool(1, 0);
        FakeConnection broken = lent(pool.acquire(loopA));
        Future<PooledConnection> waiting = pool.acquire(loopB);

        pool.discard(broken, CloseReason.PROTOCOL_ERROR);

        assertThat(broken.closeReason).isEqualTo(CloseReason.PROTOCOL_ERROR);
        assertThat(waiting.getNow()).isSameAs(factory.opened.get(1));
        assertThat(pool.stats().closed()).containsEntry(CloseReason.PROTOCOL_ERROR, 1L);
    }

    @Test
    void refusesToTakeBackAConnectionItDidNotLend() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        pool.release(connection);

        assertThatThrownBy(() -> pool.release(connection))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not lent out");
        assertThatThrownBy(() -> pool.discard(new FakeConnection(99, loopA), CloseReason.PROTOCOL_ERROR))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aCancelledAcquireLeavesTheQueue() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        Future<PooledConnection> waiting = pool.acquire(loopB);

        assertThat(waiting.cancel(false)).isTrue();
        assertThat(pool.stats().waiting()).isZero();

        pool.release(connection);
        assertThat(pool.stats().idle()).isEqualTo(1);
    }

    @Test
    void closeRefusesWaitersAndNewAcquires() {
        Pool pool = pool(1, 0);
        FakeConnection lent = lent(pool.acquire(loopA));
        Future<PooledConnection> waiting = pool.acquire(loopB);

        pool.close();

        assertThat(waiting.cause()).isInstanceOf(PoolClosedException.class).hasMessageContaining("app/shop");
        assertThat(pool.acquire(loopA).cause()).isInstanceOf(PoolClosedException.class);
        assertThat(pool.stats().waiting()).isZero();
        assertThat(lent.closeReason).as("a lent connection stays with its client").isNull();
    }

    @Test
    void closeClosesIdleConnectionsAndOnesStillConnecting() {
        Pool pool = pool(3, 2);
        FakeConnection idle = lent(pool.acquire(loopA));
        FakeConnection busy = lent(pool.acquire(loopA));
        pool.release(idle);
        factory.mode = Mode.HOLD;
        pool.runMaintenance();
        assertThat(pool.stats().connecting()).as("warming up the second idle").isEqualTo(1);

        pool.close();
        assertThat(idle.closeReason).isEqualTo(CloseReason.POOL_CLOSED);
        FakeConnection late = factory.pending.remove().succeed();

        assertThat(late.closeReason).isEqualTo(CloseReason.POOL_CLOSED);
        pool.release(busy);
        assertThat(busy.closeReason).isEqualTo(CloseReason.POOL_CLOSED);
        assertThat(busy.resets).as("no reset for a connection that is closing anyway").hasValue(0);
        assertThat(pool.stats().total()).isZero();
        assertThat(pool.stats().closed()).containsEntry(CloseReason.POOL_CLOSED, 3L);
    }

    @Test
    void adoptsAConnectionOpenedOutsideItAsIdleAndLendsItWithoutConnecting() {
        Pool pool = pool(2, 0);
        FakeConnection adopted = new FakeConnection(101, loopA);

        pool.adopt(adopted);

        PoolStats stats = pool.stats();
        assertThat(stats.idle()).isEqualTo(1);
        assertThat(stats.created()).isEqualTo(1);
        assertThat(pool.acquire(loopA).getNow()).isSameAs(adopted);
        assertThat(factory.requests).isEmpty();
    }

    @Test
    void anAdoptedConnectionServesTheFirstWaiter() {
        Pool pool = pool(3, 0);
        factory.mode = FakeBackendFactory.Mode.HOLD;
        Future<PooledConnection> waiting = pool.acquire(loopB);
        FakeConnection adopted = new FakeConnection(101, loopB);

        pool.adopt(adopted);

        assertThat(lent(waiting)).isSameAs(adopted);
        // The connect started for the waiter still completes, and its connection becomes idle.
        factory.pending.poll().succeed();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(pool.stats().active()).isEqualTo(1);
    }

    @Test
    void closesAnAdoptedConnectionThatDoesNotFit() {
        Pool pool = pool(1, 0);
        lent(pool.acquire(loopA));
        FakeConnection tooMany = new FakeConnection(101, loopA);

        pool.adopt(tooMany);

        assertThat(tooMany.closeReason).isEqualTo(CloseReason.POOL_FULL);
        assertThat(pool.stats().total()).isEqualTo(1);
    }

    @Test
    void whilePausedNothingIsHandedOutOrConnectedAndResumeServesTheQueueInOrder() {
        Pool pool = pool(2, 0);
        FakeConnection first = lent(pool.acquire(loopA));
        pool.release(first);
        pool.pause();

        Future<PooledConnection> waitingA = pool.acquire(loopA);
        Future<PooledConnection> waitingB = pool.acquire(loopB);
        advance(ACQUIRE_TIMEOUT.minusMillis(1));
        assertThat(waitingA.isDone()).isFalse();
        assertThat(waitingB.isDone()).isFalse();
        assertThat(pool.stats().idle()).isEqualTo(1);
        assertThat(pool.stats().waiting()).isEqualTo(2);
        assertThat(pool.stats().longestWaitNanos()).isEqualTo(ACQUIRE_TIMEOUT.minusMillis(1).toNanos());
        assertThat(factory.requests).as("no connect while paused").hasSize(1);

        pool.resume();

        assertThat(waitingA.getNow()).isSameAs(first);
        assertThat(waitingB.getNow()).isSameAs(factory.opened.get(1));
        assertThat(pool.paused()).isFalse();
        assertThat(pool.stats().waiting()).isZero();
        assertThat(pool.stats().longestWaitNanos()).isZero();
    }

    @Test
    void aConnectionGivenBackWhilePausedStaysIdleAndAWaiterTimesOutSayingSo() {
        Pool pool = pool(1, 0);
        FakeConnection connection = lent(pool.acquire(loopA));
        pool.pause();
        Future<PooledConnection> waiting = pool.acquire(loopB);

        pool.release(connection);
        assertThat(waiting.isDone()).isFalse();
        assertThat(pool.stats().idle()).isEqualTo(1);
        advance(ACQUIRE_TIMEOUT);

        assertThat(waiting.cause()).isInstanceOf(PoolTimeoutException.class).hasMessageContaining("paused");
        assertThat(((PoolTimeoutException) waiting.cause()).paused()).isTrue();
    }

    @Test
    void aLargerSizeConnectsForTheQueueAtOnce() {
        Pool pool = pool(1, 0);
        lent(pool.acquire(loopA));
        Future<PooledConnection> waiting = pool.acquire(loopB);
        assertThat(waiting.isDone()).isFalse();

        pool.reconfigure(settings(2, 0, ACQUIRE_TIMEOUT));

        assertThat(waiting.getNow()).isSameAs(factory.opened.get(1));
        assertThat(pool.settings().size()).isEqualTo(2);
    }

    @Test
    void aSmallerSizeClosesIdleConnectionsNowAndLentOnesWhenGivenBack() {
        Pool pool = pool(3, 0);
        FakeConnection kept = lent(pool.acquire(loopA));
        FakeConnection lentOut = lent(pool.acquire(loopA));
        FakeConnection idle = lent(pool.acquire(loopA));
        pool.release(idle);

        pool.reconfigure(settings(1, 0, ACQUIRE_TIMEOUT));
        assertThat(idle.closeReason).isEqualTo(CloseReason.POOL_SHRUNK);
        assertThat(pool.stats().total()).isEqualTo(2);

        pool.release(lentOut);
        assertThat(lentOut.closeReason).isEqualTo(CloseReason.POOL_SHRUNK);
        assertThat(lentOut.resets).hasValue(0);
        pool.release(kept);
        assertThat(kept.closeReason).isNull();
        PoolStats stats = pool.stats();
        assertThat(stats.idle()).isEqualTo(1);
        assertThat(stats.total()).isEqualTo(1);
        assertThat(stats.closed()).containsEntry(CloseReason.POOL_SHRUNK, 2L);
    }

    @Test
    void listsItsConnectionsWithStateAgeAndIdleTime() {
        Pool pool = pool(2, 0);
        FakeConnection older = lent(pool.acquire(loopA));
        advance(Duration.ofSeconds(5));
        FakeConnection younger = lent(pool.acquire(loopB));
        pool.release(younger);
        advance(Duration.ofSeconds(2));

        assertThat(pool.connections()).containsExactly(
                new ConnectionSnapshot(older.id(), older.id() + 1000, "active", Duration.ofSeconds(7), Duration.ZERO,
                        ""),
                new ConnectionSnapshot(younger.id(), younger.id() + 1000, "idle", Duration.ofSeconds(2),
                        Duration.ofSeconds(2), ""));
    }

    private Pool pool(int size, int minIdle) {
        return pool(size, minIdle, ACQUIRE_TIMEOUT);
    }

    private Pool pool(int size, int minIdle, Duration acquireTimeout) {
        return new Pool(KEY, settings(size, minIdle, acquireTimeout), factory, loopA, ticker, (key, waitNanos) -> {
            assertThat(key).isEqualTo(KEY);
            acquireWaits.add(waitNanos);
        });
    }

    private static PoolSettings settings(int size, int minIdle, Duration acquireTimeout) {
        return new PoolSettings(PoolMode.SESSION, size, minIdle, 100, acquireTimeout, IDLE_TIMEOUT, MAX_LIFETIME,
                Duration.ofSeconds(5), VALIDATION_INTERVAL);
    }

    /** Moves the clock and runs whatever became due on both loops. */
    private void advance(Duration duration) {
        ticker.advance(duration.toNanos(), TimeUnit.NANOSECONDS);
        channelA.runPendingTasks();
        channelB.runPendingTasks();
    }

    private static FakeConnection lent(Future<PooledConnection> acquired) {
        assertThat(acquired.isSuccess()).as("acquired at once: %s", acquired).isTrue();
        return (FakeConnection) acquired.getNow();
    }
}
