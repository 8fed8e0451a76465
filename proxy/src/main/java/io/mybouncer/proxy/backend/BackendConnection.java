package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.command.BodilessCommand;
import io.mybouncer.protocol.command.ComInitDb;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.protocol.response.ResponseTracker;
import io.mybouncer.protocol.response.SessionStateChange;
import io.mybouncer.proxy.pool.CloseReason;
import io.mybouncer.proxy.pool.PooledConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseNotifier;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * One logged-in backend connection. It either runs the proxy's own commands (reset, ping), whose
 * responses it consumes, or relays a client's commands and hands every response packet to the
 * attached {@link ResponseSink}, following each response with one {@link ResponseTracker}.
 *
 * <p>Threading: every method runs on {@link #eventLoop()}; callers on another loop hop first
 * ({@link #execute}). No field is volatile for that reason.
 */
public final class BackendConnection implements PooledConnection {
    /** A command whose response is yet to start, in the order sent (clients may pipeline). */
    private record Expected(ExpectedResponse response, int commandPackets, long sentNanos) {
    }

    private final long id;
    private final Channel channel;
    private final ServerSession session;
    /** The schema it logged in with (its pool key's), null for none; {@link #reset()} returns to it. */
    private final String database;
    private final ResponseTracker tracker;
    private final RelayObserver observer;
    private final Queue<Expected> expected = new ArrayDeque<>();
    /** The relayed command whose response is being tracked; null when none is. */
    private Expected current;
    /** Whether the last status the backend reported had SERVER_STATUS_IN_TRANS, for counting transactions. */
    private boolean transactionOpen;

    private BackendState state = BackendState.IDLE;
    /** Set while {@link BackendState#RELAYING}. */
    private ResponseSink sink;
    /** Completed when the proxy's own command in flight ends; set while {@link BackendState#INTERNAL_COMMAND}. */
    private Promise<ResponseEnd> internal;
    /** Whether a response is being tracked (begin called, not yet DONE). */
    private boolean responseInFlight;
    /**
     * Whether a client may have changed the default schema since the last reset: the backend said
     * so in a session-state report (session_track_schema, on by default in MySQL and MariaDB), or it
     * cannot report it (no CLIENT_SESSION_TRACK), in which case any client counts as a change.
     */
    private boolean schemaMayHaveChanged;
    private CloseReason closeReason;

    BackendConnection(long id, Channel channel, ServerSession session, String database, RelayObserver observer) {
        this.id = id;
        this.channel = channel;
        this.session = session;
        this.database = database;
        this.tracker = new ResponseTracker(session.capabilities());
        this.observer = observer;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long serverConnectionId() {
        return session.connectionId();
    }

    public ServerSession session() {
        return session;
    }

    public Channel channel() {
        return channel;
    }

    public BackendState state() {
        return state;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public boolean isUsable() {
        return state != BackendState.CLOSED && channel.isActive();
    }

    @Override
    public Future<Void> closeFuture() {
        return channel.closeFuture();
    }

    /** Runs {@code task} on this connection's event loop, now if already there. */
    public void execute(Runnable task) {
        if (eventLoop().inEventLoop()) {
            task.run();
        } else {
            eventLoop().execute(task);
        }
    }

    // ---- the proxy's own commands ----

    /**
     * COM_RESET_CONNECTION, then COM_INIT_DB back to the login schema. The reset clears session
     * variables, temporary tables, locks and prepared statements but keeps the current schema (MySQL
     * and MariaDB alike), so without the second command a client that ran USE would leave the next
     * client of this pool in another schema (found through the proxy: a Connector/J session after
     * {@code setCatalog("information_schema")} left its successor there). A pool without a schema
     * cannot go back to "none" this way; that needs COM_CHANGE_USER.
     *
     * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_reset_connection.html">COM_RESET_CONNECTION</a>
     */
    @Override
    public Future<Void> reset() {
        Promise<Void> done = eventLoop().newPromise();
        execute(() -> {
            boolean restoreSchema = schemaMayHaveChanged;
            if (restoreSchema && (database == null || database.isEmpty())) {
                // COM_RESET_CONNECTION keeps the current schema, and no command unsets it: a backend
                // whose client chose a schema cannot serve a pool without one any more.
                done.setFailure(new IllegalStateException("backend " + id + ": a client chose a default schema,"
                        + " which cannot be unset"));
                return;
            }
            Future<Void> reset = internalCommand(BodilessCommand.RESET_CONNECTION::encode);
            reset.addListener((Future<Void> resetDone) -> {
                if (!resetDone.isSuccess()) {
                    done.setFailure(resetDone.cause());
                } else if (restoreSchema) {
                    // COM_RESET_CONNECTION keeps the schema the last client chose; go back to the pool's.
                    internalCommand(new ComInitDb(database)::encode).addListener((Future<Void> initDone) -> {
                        if (initDone.isSuccess()) {
                            schemaMayHaveChanged = false;
                        }
                        PromiseNotifier.cascade(initDone, done);
                    });
                } else {
                    done.setSuccess(null);
                }
            });
        });
        return done;
    }

    @Override
    public Future<Void> ping() {
        return internalCommand(BodilessCommand.PING::encode);
    }

    private Future<Void> internalCommand(Consumer<ByteBuf> writer) {
        Promise<Void> done = eventLoop().newPromise();
        execute(() -> {
            if (state != BackendState.IDLE) {
                done.setFailure(new IllegalStateException("backend " + id + " is " + state));
                return;
            }
            ByteBuf payload = channel.alloc().buffer();
            writer.accept(payload);
            internal = eventLoop().newPromise();
            internal.addListener((Future<ResponseEnd> end) -> {
                if (!end.isSuccess()) {
                    done.setFailure(end.cause());
                } else if (end.getNow().isError()) {
                    ResponseEnd err = end.getNow();
                    done.setFailure(new MysqlServerException(err.errorCode(), err.sqlState(), err.errorMessage()));
                } else {
                    done.setSuccess(null);
                }
            });
            state = BackendState.INTERNAL_COMMAND;
            ExpectedResponse response = ExpectedResponse.of(payload);
            channel.writeAndFlush(new Packet(0, payload));
            if (tracker.begin(response) == ResponseTracker.Progress.DONE) {
                finishInternal(tracker.end());
            }
        });
        return done;
    }

    private void finishInternal(ResponseEnd end) {
        Promise<ResponseEnd> promise = internal;
        internal = null;
        state = BackendState.IDLE;
        promise.setSuccess(end);
    }

    // ---- relaying for a client ----

    /** Hands this connection to a client: from now on responses go to {@code newSink}. */
    public void attach(ResponseSink newSink) {
        if (state != BackendState.IDLE) {
            throw new IllegalStateException("attach to backend " + id + " in state " + state);
        }
        sink = newSink;
        state = BackendState.RELAYING;
        if (!session.capabilities().sessionTrack()) {
            schemaMayHaveChanged = true;
        }
    }

    /** Takes the connection back from its client, which must not have a response in flight. */
    public void detach() {
        if (state == BackendState.RELAYING) {
            sink = null;
            state = BackendState.IDLE;
            // The reset that follows rolls back whatever transaction the client left open.
            transactionOpen = false;
            // The client may have left while backpressure had paused reads.
            channel.config().setAutoRead(true);
        }
    }

    /** Whether the last status the backend reported showed an open transaction; false after a reset. */
    public boolean transactionOpen() {
        return transactionOpen;
    }

    /** Whether a relayed command's response has not ended yet (or another is queued). */
    public boolean responsePending() {
        return responseInFlight || !expected.isEmpty();
    }

    /**
     * Forwards a client's command packet. {@code response} is set on the last packet of a command
     * (with the number of wire packets the command took), null on continuation parts.
     */
    public void forwardCommand(Packet packet, ExpectedResponse response, int commandPackets) {
        channel.write(packet, channel.voidPromise());
        if (response != null) {
            expected.add(new Expected(response, commandPackets, System.nanoTime()));
            if (!responseInFlight) {
                beginNext();
            }
        }
    }

    /** Forwards packets the client sends inside a response (LOCAL INFILE data). */
    public void forwardClientData(Packet packet) {
        tracker.feedClientData(packet);
        channel.write(packet, channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /** Starts tracking queued responses; commands without a response complete at once. */
    private void beginNext() {
        while (!responseInFlight && !expected.isEmpty()) {
            current = expected.poll();
            responseInFlight = tracker.begin(current.response(), current.commandPackets()) != ResponseTracker.Progress.DONE;
        }
    }

    /** One packet from the backend. Ownership passes here. */
    void onPacket(Packet packet) {
        switch (state) {
            case INTERNAL_COMMAND -> {
                try {
                    if (tracker.feed(packet) == ResponseTracker.Progress.DONE) {
                        finishInternal(tracker.end());
                    }
                } finally {
                    packet.release();
                }
            }
            case RELAYING -> {
                if (!responseInFlight) {
                    packet.release();
                    throw new ProtocolException("backend " + id + ": packet with no command in flight (seq "
                            + packet.sequenceId() + ")");
                }
                ResponseTracker.Progress progress = tracker.feed(packet);
                if (progress == ResponseTracker.Progress.DONE) {
                    responseInFlight = false;
                    ResponseEnd end = tracker.end();
                    noteSchemaChange(end);
                    count(current, end);
                    beginNext();
                }
                sink.onPacket(packet, progress);
            }
            default -> {
                packet.release();
                throw new ProtocolException("backend " + id + ": unexpected packet while " + state);
            }
        }
    }

    /**
     * A transaction ends when the status loses SERVER_STATUS_IN_TRANS, or with a statement that
     * runs outside one (autocommit), as PgBouncer counts them. An ERR carries no status and leaves
     * the transaction as it was.
     */
    private void count(Expected command, ResponseEnd end) {
        boolean statement = command.response().multipleResults();
        observer.responseEnded(command.response(), System.nanoTime() - command.sentNanos(), end.isError());
        if (end.status() == null) {
            return;
        }
        boolean open = end.inTransaction();
        if (!open && (transactionOpen || statement)) {
            observer.transactionEnded();
        }
        transactionOpen = open;
    }

    private void noteSchemaChange(ResponseEnd end) {
        for (SessionStateChange change : end.sessionStateChanges()) {
            if (change instanceof SessionStateChange.Schema) {
                schemaMayHaveChanged = true;
            }
        }
    }

    void onReadComplete() {
        if (state == BackendState.RELAYING) {
            sink.onReadComplete();
        }
    }

    void onClosed(Throwable cause) {
        BackendState was = state;
        state = BackendState.CLOSED;
        if (internal != null) {
            Promise<ResponseEnd> promise = internal;
            internal = null;
            promise.tryFailure(cause);
        }
        if (was == BackendState.RELAYING && sink != null) {
            ResponseSink closedSink = sink;
            sink = null;
            closedSink.onBackendClosed(cause);
        }
    }

    /** Why it was closed, once closed by the proxy; null otherwise. */
    public CloseReason closeReason() {
        return closeReason;
    }

    @Override
    public void close(CloseReason reason) {
        execute(() -> {
            if (closeReason == null) {
                closeReason = reason;
            }
            if (channel.isActive() && state == BackendState.IDLE) {
                // A polite goodbye lets the server free the session at once instead of logging an abort.
                ByteBuf quit = channel.alloc().buffer(1);
                BodilessCommand.QUIT.encode(quit);
                channel.writeAndFlush(new Packet(0, quit));
            }
            state = BackendState.CLOSED;
            channel.close();
        });
    }

    @Override
    public String toString() {
        return "backend#" + id + "(" + channel.remoteAddress() + ", " + state + ")";
    }
}
