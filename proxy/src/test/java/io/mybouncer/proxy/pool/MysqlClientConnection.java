package io.mybouncer.proxy.pool;

import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.RawResponse;
import io.mybouncer.protocol.command.BodilessCommand;
import io.mybouncer.protocol.response.ResponseEnd;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A {@link PooledConnection} over the protocol library's {@link MysqlClient}, so the pool can be
 * tried against a real server before the proxy's own backend connection exists.
 */
final class MysqlClientConnection implements PooledConnection {
    private final MysqlClient client;

    MysqlClientConnection(MysqlClient client) {
        this.client = client;
    }

    MysqlClient client() {
        return client;
    }

    /** The server's thread id, so a test can KILL it. */
    @Override
    public long id() {
        return client.session().connectionId();
    }

    @Override
    public long serverConnectionId() {
        return client.session().connectionId();
    }

    @Override
    public EventLoop eventLoop() {
        return client.channel().eventLoop();
    }

    @Override
    public boolean isUsable() {
        return client.channel().isActive();
    }

    /** COM_RESET_CONNECTION: user variables, temporary tables and session settings are gone after it. */
    @Override
    public Future<Void> reset() {
        ByteBuf payload = client.channel().alloc().buffer(1);
        BodilessCommand.RESET_CONNECTION.encode(payload);
        return toNetty(client.sendRaw(payload).thenAccept(MysqlClientConnection::requireOk));
    }

    @Override
    public Future<Void> ping() {
        return toNetty(client.ping());
    }

    /** Closes the channel; not {@link MysqlClient#close()}, which blocks, and the pool may be on an event loop. */
    @Override
    public void close(CloseReason reason) {
        client.channel().close();
    }

    @Override
    public Future<Void> closeFuture() {
        return client.channel().closeFuture();
    }

    @Override
    public String toString() {
        return "mysql-client#" + id();
    }

    /** Completes a Netty future on the connection's loop when {@code stage} does. */
    static <T> Future<T> toNetty(EventLoop loop, CompletableFuture<T> stage) {
        Promise<T> promise = loop.newPromise();
        stage.whenComplete((value, error) -> {
            if (error == null) {
                promise.trySuccess(value);
            } else {
                promise.tryFailure(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error);
            }
        });
        return promise;
    }

    private <T> Future<T> toNetty(CompletableFuture<T> stage) {
        return toNetty(eventLoop(), stage);
    }

    private static void requireOk(RawResponse response) {
        try {
            ResponseEnd end = response.end();
            if (end.isError()) {
                throw new MysqlServerException(end.errorCode(), end.sqlState(), end.errorMessage());
            }
        } finally {
            response.release();
        }
    }
}
