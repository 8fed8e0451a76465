package io.mybouncer.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A backend connection whose reset and ping answers the test chooses; no network. */
final class FakeConnection implements PooledConnection {
    /** How a reset or ping answers. */
    enum Answer {
        /** At once, successfully. */
        SUCCEED,
        /** At once, with an error. */
        FAIL,
        /** Successfully, from a task on the connection's loop (a real round trip's thread hop). */
        SUCCEED_LATER,
        /** Not until the test completes the promise from {@link #held}. */
        HOLD
    }

    private final long id;
    private final EventLoop loop;
    private final Promise<Void> closed;
    final AtomicInteger resets = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    /** Resets and pings answered with {@link Answer#HOLD}, oldest first. */
    final Queue<Promise<Void>> held = new ConcurrentLinkedQueue<>();
    volatile Answer resetAnswer = Answer.SUCCEED;
    volatile Answer pingAnswer = Answer.SUCCEED;
    volatile boolean usable = true;
    volatile CloseReason closeReason;

    FakeConnection(long id, EventLoop loop) {
        this.id = id;
        this.loop = loop;
        this.closed = loop.newPromise();
    }

    @Override
    public long id() {
        return id;
    }

    /** The server's id is the fake's own plus 1000, so tests can tell the two apart. */
    @Override
    public long serverConnectionId() {
        return id + 1000;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public boolean isUsable() {
        return usable;
    }

    @Override
    public Future<Void> reset() {
        resets.incrementAndGet();
        return answer(resetAnswer, "reset refused");
    }

    @Override
    public Future<Void> ping() {
        pings.incrementAndGet();
        return answer(pingAnswer, "ping unanswered");
    }

    @Override
    public void close(CloseReason reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        usable = false;
        closed.trySuccess(null);
    }

    /** The server side hung up: the channel closes without the pool asking. */
    void closeFromBackend() {
        usable = false;
        closed.trySuccess(null);
    }

    @Override
    public Future<Void> closeFuture() {
        return closed;
    }

    @Override
    public String toString() {
        return "fake#" + id;
    }

    private Future<Void> answer(Answer answer, String failure) {
        return switch (answer) {
            case SUCCEED -> loop.newSucceededFuture(null);
            case FAIL -> loop.newFailedFuture(new IllegalStateException(failure));
            case SUCCEED_LATER -> {
                Promise<Void> later = loop.newPromise();
                loop.execute(() -> later.setSuccess(null));
                yield later;
            }
            case HOLD -> {
                Promise<Void> held = loop.newPromise();
                this.held.add(held);
                yield held;
            }
        };
    }
}
