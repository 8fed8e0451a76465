package io.mybouncer.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.ConnectException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Opens {@link FakeConnection}s, fails, or holds each connect for the test to complete. */
final class FakeBackendFactory implements BackendFactory {
    /** How the next connects answer. */
    enum Mode {
        SUCCEED,
        /** Fails with "Connection refused", as Netty reports a closed port. */
        REFUSE,
        /** Leaves the future pending in {@link #pending}. */
        HOLD
    }

    /** A connect the test completes: {@link #succeed()} or {@link #refuse()}. */
    final class PendingConnect {
        final EventLoop loop;
        final Promise<PooledConnection> promise;

        PendingConnect(EventLoop loop, Promise<PooledConnection> promise) {
            this.loop = loop;
            this.promise = promise;
        }

        FakeConnection succeed() {
            FakeConnection connection = newConnection(loop);
            promise.setSuccess(connection);
            return connection;
        }

        void refuse() {
            promise.setFailure(refused());
        }
    }

    private final AtomicLong ids = new AtomicLong();
    /** Every loop a connect was asked for, in order. */
    final List<EventLoop> requests = new CopyOnWriteArrayList<>();
    /** Every connection opened, in order. */
    final List<FakeConnection> opened = new CopyOnWriteArrayList<>();
    final Queue<PendingConnect> pending = new ConcurrentLinkedQueue<>();
    volatile Mode mode = Mode.SUCCEED;
    /** Applied to each new connection, before the pool sees it. */
    volatile FakeConnection.Answer resetAnswer = FakeConnection.Answer.SUCCEED;

    @Override
    public Future<PooledConnection> connect(PoolKey key, EventLoop loop) {
        requests.add(loop);
        return switch (mode) {
            case SUCCEED -> loop.newSucceededFuture(newConnection(loop));
            case REFUSE -> loop.newFailedFuture(refused());
            case HOLD -> {
                Promise<PooledConnection> promise = loop.newPromise();
                pending.add(new PendingConnect(loop, promise));
                yield promise;
            }
        };
    }

    private FakeConnection newConnection(EventLoop loop) {
        FakeConnection connection = new FakeConnection(ids.incrementAndGet(), loop);
        connection.resetAnswer = resetAnswer;
        opened.add(connection);
        return connection;
    }

    static ConnectException refused() {
        return new ConnectException("Connection refused: /127.0.0.1:3306");
    }
}
