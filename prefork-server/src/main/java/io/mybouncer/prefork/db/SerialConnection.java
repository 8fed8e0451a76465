package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.QueryResult;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A worker's one database connection, used as a synchronous driver (PyMySQL, mysqlclient, JDBC)
 * uses its socket: one query at a time, the others waiting in line, and the socket read only while
 * an answer is awaited. That last point matters on an inherited connection: an idle worker leaves
 * the bytes that arrive to whichever sibling is reading, exactly as a blocked driver would, so
 * answers end up with the wrong worker instead of only crashing an idle one.
 *
 * <p>A query that gets no answer within the timeout leaves the connection in an unknown state (on
 * an inherited connection, another worker has probably read the answer), and an answer that breaks
 * the protocol ends it too: the connection is then closed and every query after that fails at once
 * with {@link ConnectionLostException}. An error the server reports (an ERR packet) fails only its
 * own query. Nothing reconnects: an inherited connection cannot be inherited again.
 */
public final class SerialConnection {
    private enum State {
        /** No query in flight; the queue is empty; the socket is not read. */
        IDLE,
        /** One query in flight, others may wait; the socket is read. */
        BUSY,
        /** Closed for good; {@link #lostBecause} says why. */
        LOST
    }

    private record Query(String sql, CompletableFuture<QueryResult> result) {
    }

    private final MysqlClient client;
    private final EventLoop loop;
    private final long timeoutMillis;

    // Touched on the connection's event loop only, so not synchronized.
    private final Queue<Query> waiting = new ArrayDeque<>();
    private State state = State.IDLE;
    /** The query in flight while BUSY. */
    private Query current;
    private ScheduledFuture<?> timer;
    /** The last answer, when it was an error: it often explains why the server then hung up. */
    private MysqlServerException lastServerError;
    /** Set when the state becomes LOST. */
    private String lostBecause;

    /**
     * Takes over {@code client}, which must be registered with its event loop and not have sent
     * anything yet: from now on it reads only while one of this object's queries awaits its answer.
     */
    public SerialConnection(MysqlClient client, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
        }
        this.client = client;
        this.loop = client.channel().eventLoop();
        this.timeoutMillis = timeout.toMillis();
        client.channel().config().setAutoRead(false);
        client.channel().pipeline().addLast("read-while-waiting", new ReadWhileWaiting());
        // Our client closes the channel itself on bytes no query was waiting for, without telling why.
        client.channel().closeFuture().addListener(closed -> lose(lastServerError == null
                ? "it closed (the server hung up, or bytes arrived that no query was waiting for)"
                : "it closed after the server answered " + lastServerError.getMessage()));
    }

    /** The server's id for this connection (the same in every worker when inherited). */
    public long connectionId() {
        return client.session().connectionId();
    }

    /** Runs {@code sql} once the queries before it are answered. Completes on the event loop. */
    public CompletableFuture<QueryResult> query(String sql) {
        CompletableFuture<QueryResult> result = new CompletableFuture<>();
        loop.execute(() -> enqueue(new Query(sql, result)));
        return result;
    }

    private void enqueue(Query query) {
        switch (state) {
            case IDLE -> send(query);
            case BUSY -> waiting.add(query);
            case LOST -> query.result().completeExceptionally(new ConnectionLostException(lostBecause));
            default -> throw new IllegalStateException("bad state: " + state);
        }
    }

    private void send(Query query) {
        state = State.BUSY;
        current = query;
        timer = loop.schedule(() -> lose("no answer within " + timeoutMillis + " ms"), timeoutMillis,
                TimeUnit.MILLISECONDS);
        // The client completes on this loop, inside the read that brings the answer in; handling the
        // answer right there (not in a later task) makes the state IDLE before the read completes,
        // so ReadWhileWaiting does not ask for more.
        client.query(query.sql()).whenComplete((rows, error) -> answered(query, rows, error));
        client.channel().read();
    }

    private void answered(Query query, QueryResult rows, Throwable error) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> answered(query, rows, error));
            return;
        }
        if (state != State.BUSY || current != query) {
            // Lost meanwhile: the query has been failed already.
            return;
        }
        timer.cancel(false);
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause != null && !(cause instanceof MysqlServerException)) {
            lose(cause.toString());
            return;
        }
        current = null;
        state = State.IDLE;
        lastServerError = (MysqlServerException) cause;
        if (cause == null) {
            query.result().complete(rows);
        } else {
            query.result().completeExceptionally(cause);
        }
        Query next = waiting.poll();
        if (next != null) {
            send(next);
        }
    }

    private void lose(String reason) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> lose(reason));
            return;
        }
        if (state == State.LOST) {
            return;
        }
        state = State.LOST;
        lostBecause = reason;
        if (timer != null) {
            timer.cancel(false);
        }
        ConnectionLostException lost = new ConnectionLostException(reason);
        if (current != null) {
            current.result().completeExceptionally(lost);
            current = null;
        }
        for (Query query; (query = waiting.poll()) != null; ) {
            query.result().completeExceptionally(lost);
        }
        // No COM_QUIT: on an inherited connection it would end the session for every worker.
        client.channel().close();
    }

    /**
     * With auto-read off, each read brings what is there and stops; this asks for the next one as
     * long as an answer is still awaited.
     */
    private final class ReadWhileWaiting extends ChannelInboundHandlerAdapter {
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (state == State.BUSY) {
                ctx.read();
            }
            ctx.fireChannelReadComplete();
        }
    }
}
