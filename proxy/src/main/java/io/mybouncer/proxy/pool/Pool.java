package io.mybouncer.proxy.pool;

import io.mybouncer.proxy.config.PoolSettings;
import io.mybouncer.proxy.pool.PoolEntry.State;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The backend connections of one {@link PoolKey}, shared by every event loop (DESIGN part 7). At
 * most {@code size} connections exist, counting those connecting, idle, being validated, lent to a
 * client and being reset; clients beyond that wait in a FIFO queue, each for at most the acquire
 * timeout.
 *
 * <p><b>Acquire.</b> An idle connection on the requester's own event loop is preferred, so client
 * and backend share a thread; else any idle one; else the client queues and, below the size, a
 * connect starts on its loop. A connection idle for longer than the validation interval is pinged
 * first; if the ping fails it is closed and the client is served again, without noticing. The
 * returned future completes on the requester's event loop.
 *
 * <p><b>Release.</b> The connection is reset (COM_RESET_CONNECTION) as soon as its client leaves,
 * so the next client never waits for it; only then does it become idle or go to the head of the
 * queue. A failed reset closes it. {@link #discard} closes one whose state is beyond repair.
 *
 * <p><b>Pause.</b> While paused ({@link #pause}, the admin console's PAUSE) nothing is handed out and
 * nothing connects: clients queue, and time out as usual with an error that says the pool is
 * paused; connections already lent stay with their clients. {@link #resume} serves the queue in
 * order from the idle connections, then connects for the rest.
 *
 * <p><b>Reconfigure.</b> {@link #reconfigure} (a reload) takes new settings at once: a larger size
 * connects for the queue, a smaller one closes idle connections above it now and lent ones when
 * they come back; timeouts apply from the next acquire or maintenance round.
 *
 * <p><b>Backend down.</b> Failed connects back off exponentially ({@link ConnectBackoff}), one
 * probe at a time; queued clients keep waiting until their timeout and then get the last connect
 * error in their {@link PoolTimeoutException}. Maintenance ({@link PoolJanitor}) closes idle
 * connections past the idle timeout or the lifetime and keeps the minimum idle warm.
 *
 * <p><b>Threading.</b> One {@link ReentrantLock} guards all state. Its critical sections only move
 * entries between states and count; every connect, reset, ping, close, promise completion and timer
 * happens after unlocking, so listeners that re-enter the pool (a client releasing at once) never
 * run under the lock and no thread holds it across I/O. A lock was chosen over confining the pool to
 * one event loop because confinement would add a thread hop to every acquire and release — the very
 * cross-thread hand-off the same-loop preference exists to avoid — while these few-field critical
 * sections are cheap even when contended.
 *
 * <p>Time comes from a Netty {@link Ticker}, the clock event loops schedule with, so tests drive
 * the pool and its timers deterministically with a {@code MockTicker}.
 */
public final class Pool {
    private static final InternalLogger logger = InternalLoggerFactory.getInstance(Pool.class);

    /** A client waiting for a connection. */
    private static final class Waiter {
        final EventLoop loop;
        final Promise<PooledConnection> promise;
        final long sinceNanos;
        final long deadlineNanos;
        /** Guarded by the pool lock: set once its timeout has been (or is about to be) scheduled. */
        boolean timerArmed;

        Waiter(EventLoop loop, Promise<PooledConnection> promise, long sinceNanos, long deadlineNanos) {
            this.loop = loop;
            this.promise = promise;
            this.sinceNanos = sinceNanos;
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** Connects decided under the lock and started after it, or a retry once the backoff has passed. */
    private record ConnectPlan(List<PoolEntry> connects, EventLoop retryLoop, long retryDelayNanos) {
        static final ConnectPlan NONE = new ConnectPlan(List.of(), null, 0);
    }

    private final PoolKey key;
    /** Replaced by {@link #reconfigure} under the lock; volatile for {@link #acquire}, which reads it without. */
    private volatile PoolSettings settings;
    private final BackendFactory factory;
    /** Warm-up connects and the janitor's schedule go round-robin over these loops. */
    private final EventLoopGroup loops;
    private final Ticker ticker;
    private final AcquireListener acquireListener;

    private final ReentrantLock lock = new ReentrantLock();
    // Everything below is guarded by lock.
    /** The rules of {@link #settings}; replaced with them. */
    private PoolJanitor janitor;
    private final PoolInventory inventory = new PoolInventory();
    /** Clients in arrival order. Non-empty only while nothing is idle, or while paused. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final ConnectBackoff backoff = new ConnectBackoff();
    /** Whether a retry after the backoff is scheduled; at most one is. */
    private boolean retryScheduled;
    private boolean closed;
    /** Set by {@link #pause}: nothing is handed out and nothing connects. */
    private boolean paused;
    /** The janitor's periodic task, from {@link #start()}; {@code null} before. */
    private ScheduledFuture<?> maintenance;

    /**
     * @param loops  where warm-up connects run and the janitor is scheduled (the proxy's worker group)
     * @param ticker the pool's clock; {@link Ticker#systemTicker()} outside tests
     * @param acquireListener told each successful acquire's wait
     */
    public Pool(PoolKey key, PoolSettings settings, BackendFactory factory, EventLoopGroup loops, Ticker ticker,
            AcquireListener acquireListener) {
        this.key = key;
        this.settings = settings;
        this.factory = factory;
        this.loops = loops;
        this.ticker = ticker;
        this.acquireListener = acquireListener;
        this.janitor = new PoolJanitor(settings);
    }

    public PoolKey key() {
        return key;
    }

    /** The settings in force now. */
    public PoolSettings settings() {
        return settings;
    }

    /** Starts maintenance: at once (warming up the minimum idle), then every {@link PoolJanitor#PERIOD}. */
    public void start() {
        lock.lock();
        try {
            if (closed || maintenance != null) {
                throw new IllegalStateException("pool " + key + " already " + (closed ? "closed" : "started"));
            }
            long period = PoolJanitor.PERIOD.toNanos();
            maintenance = loops.next().scheduleAtFixedRate(this::runMaintenance, 0, period, TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lends a connection. The future completes on {@code requester}: with a connection the caller
     * later gives back through {@link #release} or {@link #discard}; or with a
     * {@link PoolTimeoutException} after the acquire timeout; or with a {@link PoolClosedException}.
     * Cancelling it leaves the queue.
     */
    public Future<PooledConnection> acquire(EventLoop requester) {
        long now = ticker.nanoTime();
        Waiter waiter = new Waiter(requester, requester.newPromise(), now, now + settings.acquireTimeout().toNanos());
        serve(waiter);
        return waiter.promise;
    }

    /**
     * Gives back a connection whose client has finished with it, at a point where the backend is
     * between commands. It is reset before anyone else gets it.
     *
     * @throws IllegalStateException when the connection is not lent out by this pool
     */
    public void release(PooledConnection connection) {
        long now = ticker.nanoTime();
        PoolEntry entry;
        CloseReason retireReason;
        ConnectPlan plan = ConnectPlan.NONE;
        lock.lock();
        try {
            entry = lentEntryLocked(connection, "released");
            if (closed) {
                retireReason = CloseReason.POOL_CLOSED;
            } else if (janitor.lifetimeOver(entry, now)) {
                retireReason = CloseReason.LIFETIME_OVER;
            } else if (!connection.isUsable()) {
                retireReason = CloseReason.BACKEND_CLOSED;
            } else if (inventory.total() > settings.size()) {
                retireReason = CloseReason.POOL_SHRUNK;
            } else {
                retireReason = null;
            }
            if (retireReason != null) {
                inventory.retire(entry, retireReason);
                plan = refillLocked(now);
            } else {
                inventory.moveTo(entry, State.RESETTING);
            }
        } finally {
            lock.unlock();
        }
        if (retireReason != null) {
            closeConnection(entry, null);
            launch(plan);
            return;
        }
        connection.reset().addListener((Future<Void> done) -> {
            if (done.isSuccess()) {
                offer(entry);
            } else {
                retire(entry, connection.isUsable() ? CloseReason.RESET_FAILED : CloseReason.BACKEND_CLOSED,
                        done.cause());
            }
        });
    }

    /**
     * Takes in a connection opened outside the pool for this key (the backend login that checked a
     * passthrough client's password), as if the pool had connected it: it goes to the first waiter
     * or becomes idle. When the pool is full or closed it is closed instead.
     */
    public void adopt(PooledConnection connection) {
        PoolEntry entry = null;
        lock.lock();
        try {
            if (!closed && inventory.total() < settings.size()) {
                entry = inventory.startConnecting(connection.eventLoop());
            }
        } finally {
            lock.unlock();
        }
        if (entry == null) {
            logger.debug("{}: no room for {}", this, connection);
            connection.close(CloseReason.POOL_FULL);
            return;
        }
        connected(entry, connection);
    }

    /**
     * Closes a lent connection that must not be reused (protocol error, client gone mid-response)
     * and frees its place in the pool.
     *
     * @throws IllegalStateException when the connection is not lent out by this pool
     */
    public void discard(PooledConnection connection, CloseReason reason) {
        PoolEntry entry;
        lock.lock();
        try {
            entry = lentEntryLocked(connection, "discarded");
        } finally {
            lock.unlock();
        }
        retire(entry, reason, null);
    }

    /**
     * One janitor round: closes idle connections past the lifetime or idle timeout and starts
     * connects up to the minimum idle. Runs every {@link PoolJanitor#PERIOD} after {@link #start()};
     * tests call it directly.
     */
    public void runMaintenance() {
        long now = ticker.nanoTime();
        List<PoolJanitor.Expiry> expired;
        ConnectPlan plan;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            expired = janitor.expired(inventory.idleOldestFirst(), now);
            expired.forEach(expiry -> inventory.retire(expiry.entry(), expiry.reason()));
            expired.addAll(surplusLocked());
            int warmUps = janitor.warmUps(inventory.count(State.IDLE), inventory.count(State.CONNECTING),
                    inventory.total());
            plan = planConnectsLocked(warmUps, null, now);
        } finally {
            lock.unlock();
        }
        expired.forEach(expiry -> closeConnection(expiry.entry(), null));
        launch(plan);
    }

    public PoolStats stats() {
        lock.lock();
        try {
            Waiter longest = waiters.peekFirst();
            long longestWait = longest == null ? 0 : ticker.nanoTime() - longest.sinceNanos;
            return inventory.stats(waiters.size(), longestWait, backoff.isFailing());
        } finally {
            lock.unlock();
        }
    }

    /** Every connection past its login, as the admin console's SHOW SERVERS lists them. */
    public List<ConnectionSnapshot> connections() {
        lock.lock();
        try {
            return inventory.snapshots(ticker.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /** Stops handing out connections and connecting (see the class comment); idempotent. */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    /** Hands idle connections to the queue in order, then connects for the clients still waiting. */
    public void resume() {
        long now = ticker.nanoTime();
        List<Handoff> handoffs = new ArrayList<>();
        List<PoolEntry> stale = new ArrayList<>();
        ConnectPlan plan;
        lock.lock();
        try {
            if (!paused) {
                return;
            }
            paused = false;
            for (Waiter next; (next = waiters.peekFirst()) != null; ) {
                PoolEntry taken = takeIdleLocked(next.loop, now, stale);
                if (taken == null) {
                    break;
                }
                handoffs.add(new Handoff(taken, waiters.pollFirst()));
            }
            plan = refillLocked(now);
        } finally {
            lock.unlock();
        }
        stale.forEach(entry -> closeConnection(entry, null));
        handoffs.forEach(handoff -> deliver(handoff.entry(), handoff.waiter()));
        launch(plan);
    }

    public boolean paused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies new settings (see the class comment). The mode and the connect timeout are the
     * proxy's, not the pool's: a change of those needs a restart and is not looked at here.
     */
    public void reconfigure(PoolSettings next) {
        List<PoolJanitor.Expiry> surplus;
        ConnectPlan plan;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            settings = next;
            janitor = new PoolJanitor(next);
            surplus = surplusLocked();
            plan = refillLocked(ticker.nanoTime());
        } finally {
            lock.unlock();
        }
        surplus.forEach(expiry -> closeConnection(expiry.entry(), null));
        launch(plan);
    }

    /** Retires idle connections, longest idle first, while the pool holds more than its size. */
    private List<PoolJanitor.Expiry> surplusLocked() {
        List<PoolJanitor.Expiry> surplus = new ArrayList<>();
        for (PoolEntry entry : inventory.idleOldestFirst()) {
            if (inventory.total() <= settings.size()) {
                break;
            }
            inventory.retire(entry, CloseReason.POOL_SHRUNK);
            surplus.add(new PoolJanitor.Expiry(entry, CloseReason.POOL_SHRUNK));
        }
        return surplus;
    }

    /**
     * Refuses new acquires and fails the queued ones with {@link PoolClosedException}, stops
     * maintenance and closes the idle connections. Lent connections close when given back;
     * connections being connected, validated or reset close when that finishes. Idempotent.
     */
    public void close() {
        List<Waiter> refused;
        List<PoolEntry> idleOnes;
        ScheduledFuture<?> schedule;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            refused = new ArrayList<>(waiters);
            waiters.clear();
            idleOnes = inventory.idleOldestFirst();
            idleOnes.forEach(entry -> inventory.retire(entry, CloseReason.POOL_CLOSED));
            schedule = maintenance;
        } finally {
            lock.unlock();
        }
        if (schedule != null) {
            schedule.cancel(false);
        }
        refused.forEach(waiter -> waiter.promise.tryFailure(new PoolClosedException(key)));
        idleOnes.forEach(entry -> closeConnection(entry, null));
    }

    @Override
    public String toString() {
        return "pool " + key;
    }

    /** Hands the waiter an idle connection, sends it to validation, or queues it (starting connects). */
    private void serve(Waiter waiter) {
        long now = ticker.nanoTime();
        PoolEntry taken = null;
        List<PoolEntry> stale = new ArrayList<>();
        boolean arm = false;
        boolean refused;
        ConnectPlan plan = ConnectPlan.NONE;
        lock.lock();
        try {
            if (waiter.promise.isDone()) {
                // Timed out or cancelled while its connection was being validated.
                return;
            }
            refused = closed;
            if (!refused) {
                // Idle connections exist only while nobody waits (or while paused), so a newcomer
                // never overtakes the queue.
                if (waiters.isEmpty() && !paused) {
                    taken = takeIdleLocked(waiter.loop, now, stale);
                }
                if (taken != null) {
                    // The hot path (an idle connection, no ping) completes at once and needs no timer.
                    arm = taken.state == State.VALIDATING && !waiter.timerArmed;
                } else {
                    if (waiter.timerArmed) {
                        // Back from a failed validation: it keeps its turn.
                        waiters.addFirst(waiter);
                    } else {
                        waiters.addLast(waiter);
                    }
                    arm = !waiter.timerArmed;
                    plan = refillLocked(waiter.loop, now);
                }
                waiter.timerArmed |= arm;
            }
        } finally {
            lock.unlock();
        }
        stale.forEach(entry -> closeConnection(entry, null));
        if (refused) {
            waiter.promise.tryFailure(new PoolClosedException(key));
            return;
        }
        if (arm) {
            armTimeout(waiter);
        }
        if (taken == null) {
            launch(plan);
        } else {
            deliver(taken, waiter);
        }
    }

    /** An idle entry taken for a waiter, to deliver after unlocking. */
    private record Handoff(PoolEntry entry, Waiter waiter) {
    }

    /**
     * Takes the best idle entry for a requester on {@code loop} and moves it to VALIDATING (idle for
     * longer than the validation interval) or ACTIVE; stale ones on the way are retired into
     * {@code stale}, to be closed after unlocking. Null when nothing idle is left.
     */
    private PoolEntry takeIdleLocked(EventLoop loop, long now, List<PoolEntry> stale) {
        for (PoolEntry taken; (taken = inventory.peekIdle(loop)) != null; ) {
            CloseReason reason = staleReasonLocked(taken, now);
            if (reason == null) {
                boolean validate = now - taken.idleSinceNanos > settings.validationInterval().toNanos();
                inventory.moveTo(taken, validate ? State.VALIDATING : State.ACTIVE);
                return taken;
            }
            inventory.retire(taken, reason);
            stale.add(taken);
        }
        return null;
    }

    /** Pings a VALIDATING entry before handing it over, or hands an ACTIVE one at once. */
    private void deliver(PoolEntry entry, Waiter waiter) {
        if (entry.state == State.VALIDATING) {
            validate(entry, waiter);
        } else {
            hand(entry, waiter);
        }
    }

    /** Why an idle connection must not be handed out, or {@code null} when it may. */
    private CloseReason staleReasonLocked(PoolEntry entry, long now) {
        if (janitor.lifetimeOver(entry, now)) {
            return CloseReason.LIFETIME_OVER;
        }
        return entry.connection.isUsable() ? null : CloseReason.BACKEND_CLOSED;
    }

    private void validate(PoolEntry entry, Waiter waiter) {
        entry.connection.ping().addListener((Future<Void> done) -> {
            if (!done.isSuccess()) {
                retire(entry, CloseReason.VALIDATION_FAILED, done.cause());
                serve(waiter);
                return;
            }
            boolean refused;
            lock.lock();
            try {
                refused = closed;
                if (refused) {
                    inventory.retire(entry, CloseReason.POOL_CLOSED);
                } else {
                    inventory.moveTo(entry, State.ACTIVE);
                }
            } finally {
                lock.unlock();
            }
            if (refused) {
                closeConnection(entry, null);
                waiter.promise.tryFailure(new PoolClosedException(key));
            } else {
                hand(entry, waiter);
            }
        });
    }

    /** Completes the waiter's acquire with the connection; false when it had given up already. */
    private boolean lend(Waiter waiter, PooledConnection connection) {
        if (!waiter.promise.trySuccess(connection)) {
            return false;
        }
        acquireListener.acquired(key, ticker.nanoTime() - waiter.sinceNanos);
        return true;
    }

    /** Completes the waiter with an ACTIVE entry; if the waiter has given up, the next one gets it. */
    private void hand(PoolEntry entry, Waiter waiter) {
        if (!lend(waiter, entry.connection)) {
            offer(entry);
        }
    }

    /** A ready connection (reset, or unused by a waiter that gave up) goes to the queue's head or becomes idle. */
    private void offer(PoolEntry entry) {
        while (true) {
            long now = ticker.nanoTime();
            Waiter next = null;
            boolean refused;
            lock.lock();
            try {
                refused = closed;
                if (refused) {
                    inventory.retire(entry, CloseReason.POOL_CLOSED);
                } else {
                    next = placeLocked(entry, now);
                }
            } finally {
                lock.unlock();
            }
            if (refused) {
                closeConnection(entry, null);
                return;
            }
            if (next == null || lend(next, entry.connection)) {
                return;
            }
        }
    }

    /** Makes a ready entry ACTIVE for the first waiter, returned, or IDLE when nobody waits. */
    private Waiter placeLocked(PoolEntry entry, long now) {
        Waiter next = paused ? null : waiters.pollFirst();
        if (next != null) {
            inventory.moveTo(entry, State.ACTIVE);
        } else {
            inventory.makeIdle(entry, now);
        }
        return next;
    }

    /** Closes an entry that is not idle (lent, resetting or validating) and replaces it for the queue. */
    private void retire(PoolEntry entry, CloseReason reason, Throwable cause) {
        ConnectPlan plan;
        lock.lock();
        try {
            inventory.retire(entry, reason);
            plan = refillLocked(ticker.nanoTime());
        } finally {
            lock.unlock();
        }
        closeConnection(entry, cause);
        launch(plan);
    }

    /** The backend closed a connection; an idle one leaves the pool now, others when their holder notices. */
    private void backendClosed(PoolEntry entry) {
        lock.lock();
        try {
            if (entry.state != State.IDLE) {
                return;
            }
            inventory.retire(entry, CloseReason.BACKEND_CLOSED);
        } finally {
            lock.unlock();
        }
        closeConnection(entry, null);
    }

    private void armTimeout(Waiter waiter) {
        long delay = waiter.deadlineNanos - ticker.nanoTime();
        ScheduledFuture<?> timer = waiter.loop.schedule(() -> timeOut(waiter), delay, TimeUnit.NANOSECONDS);
        waiter.promise.addListener((Future<PooledConnection> done) -> {
            timer.cancel(false);
            if (done.isCancelled()) {
                forget(waiter);
            }
        });
    }

    private void timeOut(Waiter waiter) {
        Throwable lastError;
        boolean wasPaused;
        lock.lock();
        try {
            waiters.remove(waiter);
            lastError = backoff.lastError();
            wasPaused = paused;
        } finally {
            lock.unlock();
        }
        if (!waiter.promise.isDone()) {
            PoolSettings current = settings;
            waiter.promise.tryFailure(new PoolTimeoutException(key, current.acquireTimeout(), current.size(),
                    lastError, wasPaused));
        }
    }

    private void forget(Waiter waiter) {
        lock.lock();
        try {
            waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
    }

    /** Connects enough for the waiters not yet covered by a connect in flight, on {@code loop}. */
    private ConnectPlan refillLocked(EventLoop loop, long now) {
        return planConnectsLocked(waiters.size() - inventory.count(State.CONNECTING), loop, now);
    }

    /** Connects for the waiters after a connection left the pool, on the first waiter's loop. */
    private ConnectPlan refillLocked(long now) {
        Waiter head = waiters.peekFirst();
        return head == null ? ConnectPlan.NONE : refillLocked(head.loop, now);
    }

    /**
     * Decides up to {@code wanted} connects within the size, on {@code loop} or, when it is
     * {@code null}, spread over the group. While connects fail: one probe at a time, after the backoff.
     */
    private ConnectPlan planConnectsLocked(int wanted, EventLoop loop, long now) {
        int allowed = Math.min(wanted, settings.size() - inventory.total());
        if (closed || paused || allowed <= 0) {
            return ConnectPlan.NONE;
        }
        if (backoff.isFailing()) {
            if (inventory.count(State.CONNECTING) > 0) {
                return ConnectPlan.NONE;
            }
            long wait = backoff.nanosUntilNextAttempt(now);
            if (wait > 0) {
                if (retryScheduled) {
                    return ConnectPlan.NONE;
                }
                retryScheduled = true;
                return new ConnectPlan(List.of(), loop != null ? loop : loops.next(), wait);
            }
            allowed = 1;
        }
        List<PoolEntry> connects = new ArrayList<>(allowed);
        for (int i = 0; i < allowed; i++) {
            connects.add(inventory.startConnecting(loop != null ? loop : loops.next()));
        }
        return new ConnectPlan(connects, null, 0);
    }

    private void launch(ConnectPlan plan) {
        plan.connects().forEach(this::connect);
        if (plan.retryDelayNanos() > 0) {
            EventLoop loop = plan.retryLoop();
            loop.schedule(this::retryConnects, plan.retryDelayNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void retryConnects() {
        ConnectPlan plan;
        lock.lock();
        try {
            retryScheduled = false;
            plan = refillLocked(ticker.nanoTime());
        } finally {
            lock.unlock();
        }
        launch(plan);
    }

    private void connect(PoolEntry entry) {
        Future<PooledConnection> connecting;
        try {
            connecting = factory.connect(key, entry.loop);
        } catch (RuntimeException e) {
            // The contract is to fail the future; a factory that throws anyway must not leak a slot.
            connectFailed(entry, e);
            return;
        }
        connecting.addListener((Future<PooledConnection> done) -> {
            if (done.isSuccess()) {
                connected(entry, done.getNow());
            } else {
                connectFailed(entry, done.cause());
            }
        });
    }

    private void connected(PoolEntry entry, PooledConnection connection) {
        long now = ticker.nanoTime();
        Waiter next = null;
        boolean refused;
        ConnectPlan plan = ConnectPlan.NONE;
        lock.lock();
        try {
            backoff.succeeded();
            inventory.connected(entry, connection, now);
            refused = closed;
            if (refused) {
                inventory.retire(entry, CloseReason.POOL_CLOSED);
            } else {
                next = placeLocked(entry, now);
                // Connecting works again: the rest of the queue no longer has to wait for the backoff.
                plan = refillLocked(now);
            }
        } finally {
            lock.unlock();
        }
        if (refused) {
            closeConnection(entry, null);
            return;
        }
        logger.debug("{}: opened {}", this, entry);
        connection.closeFuture().addListener(closing -> backendClosed(entry));
        if (next != null && !lend(next, connection)) {
            offer(entry);
        }
        launch(plan);
    }

    private void connectFailed(PoolEntry entry, Throwable cause) {
        long now = ticker.nanoTime();
        ConnectPlan plan;
        int failures;
        long delayMillis;
        lock.lock();
        try {
            inventory.connectFailed(entry);
            backoff.failed(cause, now);
            failures = backoff.failures();
            delayMillis = TimeUnit.NANOSECONDS.toMillis(backoff.delayNanos());
            plan = refillLocked(now);
        } finally {
            lock.unlock();
        }
        logger.warn("{}: connecting to the backend failed ({} in a row, next attempt in {} ms): {}", this, failures,
                delayMillis, describe(cause));
        launch(plan);
    }

    /** Returns the entry of a connection this pool has lent out, or throws: giving back anything else is a bug. */
    private PoolEntry lentEntryLocked(PooledConnection connection, String verb) {
        PoolEntry entry = inventory.find(connection);
        if (entry == null || entry.state != State.ACTIVE) {
            throw new IllegalStateException("backend#" + connection.id() + " " + verb + " but not lent out by " + this
                    + (entry == null ? "" : " (" + entry.state + ")"));
        }
        return entry;
    }

    /** Logs and closes an entry already moved to CLOSED by the pool. */
    private void closeConnection(PoolEntry entry, Throwable cause) {
        if (cause == null) {
            logger.info("{}: closing {}: {}", this, entry, entry.closeReason);
        } else {
            logger.info("{}: closing {}: {} ({})", this, entry, entry.closeReason, describe(cause));
        }
        entry.connection.close(entry.closeReason);
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
