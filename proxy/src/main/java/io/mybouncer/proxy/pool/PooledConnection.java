package io.mybouncer.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * What the pool needs from a live, logged-in backend connection; {@code backend.BackendConnection}
 * implements it. The pool never reads or writes the connection's channel itself.
 *
 * <p>Threading: the pool calls these methods from whichever thread releases, acquires or runs
 * maintenance; implementations hop to {@link #eventLoop()} where they touch the channel. Futures
 * may complete on any thread.
 */
public interface PooledConnection {
    /** A number unique within the process, for log lines. */
    long id();

    /** The server's id for this connection (its thread id: what CONNECTION_ID() returns there). */
    long serverConnectionId();

    /**
     * The prepared statements it keeps for its clients, for SHOW SERVERS (transaction and statement modes),
     * e.g. {@code "12 cached, 30 prepared, 4 evicted"}; empty where it keeps none.
     */
    default String statementCache() {
        return "";
    }

    /** The event loop the connection's channel is registered with; acquire prefers the requester's. */
    EventLoop eventLoop();

    /**
     * Whether the channel is open and no protocol error was seen. Read from other threads, so a
     * slightly stale answer is possible; the pool tolerates that because a stale connection fails
     * its reset or validation ping and is then replaced.
     */
    boolean isUsable();

    /**
     * Brings the session back to a fresh login's state (COM_RESET_CONNECTION, or COM_CHANGE_USER),
     * so the next client sees nothing of the previous one. Fails when the backend refuses or the
     * connection breaks.
     */
    Future<Void> reset();

    /** COM_PING: succeeds when the backend answers with OK. */
    Future<Void> ping();

    /** Closes the connection (politely where it can); idempotent. The reason is for its own log line. */
    void close(CloseReason reason);

    /** Completes when the connection's channel has closed, whoever closed it. */
    Future<Void> closeFuture();
}
