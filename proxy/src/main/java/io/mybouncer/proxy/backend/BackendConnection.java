package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.command.BodilessCommand;
import io.mybouncer.protocol.command.ComInitDb;
import io.mybouncer.protocol.packet.OkPacketTranslation;
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
import io.mybouncer.protocol.command.ComQuery;
import io.mybouncer.protocol.command.ComStmtClose;
import io.mybouncer.proxy.statements.BackendStatements;
import io.mybouncer.proxy.tracking.ReplayableState;
import io.mybouncer.proxy.tracking.StateReplay;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
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
    /**
     * A command whose response is yet to start, in the order sent (clients may pipeline).
     *
     * @param internal    set for the proxy's own commands sent ahead of a client's (state replay, a transparent
     *                    prepare): their responses are consumed and handed to it, never relayed
     * @param firstPacket set when the relay must see the response's first packet before the client does (a
     *                    client's prepare, whose statement id is rewritten in place)
     * @param localAnswer set for an answer the proxy gives in the command's place, in turn with the backend's
     *                    answers to the commands before it; {@code localEnd} says how it ends
     */
    private record Expected(ExpectedResponse response, int commandPackets, long sentNanos,
                            Consumer<ResponseEnd> internal, Consumer<Packet> firstPacket, Packet localAnswer,
                            ResponseEnd localEnd) {
        static Expected relayed(ExpectedResponse response, int commandPackets, Consumer<Packet> firstPacket) {
            return new Expected(response, commandPackets, System.nanoTime(), null, firstPacket, null, null);
        }
    }

    /** A client packet held behind the gate, and what sends it. */
    private record HeldCommand(Packet packet, Runnable send) {
    }

    /**
     * Turns on the session trackers that transaction mode reads (DESIGN part 3) and reports the character-set
     * variables as the login set them (a self-assignment is reported like any other), which replay restores.
     */
    private static final String TRACKING_SETUP = "SET SESSION session_track_schema = ON,"
            + " session_track_state_change = ON, session_track_system_variables = '*',"
            + " character_set_client = @@character_set_client, character_set_results = @@character_set_results,"
            + " collation_connection = @@collation_connection";

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
    /** Whether the session trackers are on ({@link #startTracking}): transaction and statement modes. */
    private boolean tracked;
    /** Prepared statements kept for every client (multiplexed modes), and those evicted, to close. */
    private BackendStatements statements;
    /** {@link #statements}' figures for SHOW SERVERS, read from the console's loop. */
    private volatile String statementFigures = "";
    private final List<Long> pendingCloses = new ArrayList<>(0);
    /** What runs once the pending responses are in ({@link #whenAnswered}); null when nothing waits. */
    private Runnable afterAnswers;
    /** Client commands held while the proxy waits for an answer ({@link #closeGate}). */
    private boolean gateClosed;
    private final Queue<HeldCommand> gated = new ArrayDeque<>(0);
    /** The character-set variables as the login set them, from {@link #TRACKING_SETUP}'s report. */
    private Map<String, String> loginValues = Map.of();
    /**
     * The replayable state the last client left, which the next one's replay starts from. Written while the
     * connection is not lent (on its loop), read by the client that gets it next: volatile.
     */
    private volatile ReplayableState replayable = ReplayableState.INITIAL;
    /** What LAST_INSERT_ID() returns on this connection now, as far as the proxy knows. */
    private volatile long lastInsertId;
    /**
     * Whether the session may carry client state that only a reset clears: set when a client gets the
     * connection, cleared when a client gives it back at a point where everything it carries is replayable.
     */
    private boolean needsReset;
    /** The backend reports session state the attached client did not ask for: its OKs are rewritten. */
    private boolean translateOks;

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
            if (!needsReset) {
                done.setSuccess(null); // everything the last client left is replayable: the next one replays it
                return;
            }
            boolean restoreSchema = schemaMayHaveChanged;
            if (restoreSchema && (database == null || database.isEmpty())) {
                // COM_RESET_CONNECTION keeps the current schema, and no command unsets it: a backend
                // whose client chose a schema cannot serve a pool without one any more.
                done.setFailure(new IllegalStateException("backend " + id + ": a client chose a default schema,"
                        + " which cannot be unset"));
                return;
            }
            Future<ResponseEnd> reset = internalCommand(BodilessCommand.RESET_CONNECTION::encode);
            reset.addListener((Future<ResponseEnd> resetDone) -> {
                if (!resetDone.isSuccess()) {
                    done.setFailure(resetDone.cause());
                } else if (restoreSchema) {
                    // COM_RESET_CONNECTION keeps the schema the last client chose; go back to the pool's.
                    internalCommand(new ComInitDb(database)::encode).addListener((Future<ResponseEnd> initDone) -> {
                        if (initDone.isSuccess()) {
                            schemaMayHaveChanged = false;
                            afterReset(done);
                        } else {
                            done.setFailure(initDone.cause());
                        }
                    });
                } else {
                    afterReset(done);
                }
            });
        });
        return done;
    }

    /**
     * A reset put the server session back to its defaults: the trackers too, and the character-set variables
     * to the server's (not the handshake's), so a tracked connection sets both up again.
     */
    private void afterReset(Promise<Void> done) {
        if (statements != null) {
            statements.clear(); // the server closed them all
            pendingCloses.clear();
            noteStatements();
        }
        replayable = ReplayableState.INITIAL;
        lastInsertId = 0;
        needsReset = false;
        if (!tracked) {
            done.setSuccess(null);
            return;
        }
        internalCommand(query(trackingRestore())).addListener((Future<ResponseEnd> setUp) -> {
            if (setUp.isSuccess()) {
                done.setSuccess(null);
            } else {
                done.setFailure(setUp.cause());
            }
        });
    }

    /** The trackers on again and the character-set variables back to the login's, after a COM_RESET_CONNECTION. */
    private String trackingRestore() {
        StringBuilder sql = new StringBuilder(TRACKING_SETUP.substring(0, TRACKING_SETUP.indexOf(", character_set")));
        loginValues.forEach((name, value) -> sql.append(", ").append(name).append(" = ")
                .append(StateReplay.literal(name, value)));
        return sql.toString();
    }

    /**
     * The client's own COM_RESET_CONNECTION succeeded while lent: the server closed every statement and reset
     * the trackers with the rest, so they are turned on again, pipelined ahead of the client's next command.
     */
    public void clientReset(Consumer<ResponseEnd> done) {
        statements.clear();
        pendingCloses.clear();
        noteStatements();
        forwardInternalQuery(trackingRestore(), done);
    }

    /**
     * Turns the session trackers on (transaction and statement modes), right after login, and learns the
     * character-set variables the login set. Fails when the backend refuses (a server without them).
     */
    public Future<Void> startTracking(int statementCacheSize) {
        Promise<Void> done = eventLoop().newPromise();
        execute(() -> internalCommand(query(TRACKING_SETUP)).addListener((Future<ResponseEnd> setUp) -> {
            if (!setUp.isSuccess()) {
                done.setFailure(setUp.cause());
                return;
            }
            Map<String, String> values = new HashMap<>();
            for (SessionStateChange change : setUp.getNow().sessionStateChanges()) {
                if (change instanceof SessionStateChange.SystemVariable variable
                        && StateReplay.CHARACTER_SET_VARIABLES.contains(variable.name())) {
                    values.put(variable.name(), variable.value());
                }
            }
            loginValues = Map.copyOf(values);
            tracked = true;
            statements = new BackendStatements(statementCacheSize, pendingCloses::add);
            done.setSuccess(null);
        }));
        return done;
    }

    /** Writes a COM_QUERY of the proxy's own. */
    private Consumer<ByteBuf> query(String sql) {
        return out -> ComQuery.of(sql).encode(out, session.capabilities());
    }

    /** The character-set variables as the login set them (empty unless tracked). */
    public Map<String, String> loginValues() {
        return loginValues;
    }

    /** The schema the connection logged in with (its pool's), null for none. */
    public String loginSchema() {
        return database;
    }

    /** The replayable state the last client left here (any thread). */
    public ReplayableState replayable() {
        return replayable;
    }

    /** What LAST_INSERT_ID() returns here now, as far as the proxy knows (any thread). */
    public long lastInsertId() {
        return lastInsertId;
    }

    @Override
    public Future<Void> ping() {
        Promise<Void> done = eventLoop().newPromise();
        internalCommand(BodilessCommand.PING::encode).addListener((Future<ResponseEnd> pinged) -> {
            if (pinged.isSuccess()) {
                done.setSuccess(null);
            } else {
                done.setFailure(pinged.cause());
            }
        });
        return done;
    }

    /** Runs one of the proxy's own commands on an idle connection; fails on an ERR, with the server's error. */
    private Future<ResponseEnd> internalCommand(Consumer<ByteBuf> writer) {
        Promise<ResponseEnd> done = eventLoop().newPromise();
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
                    done.setSuccess(end.getNow());
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
        needsReset = true;
        translateOks = session.capabilities().sessionTrack() && !newSink.tracksSessionState();
        if (!session.capabilities().sessionTrack()) {
            schemaMayHaveChanged = true;
        }
    }

    /** Takes the connection back from its client, which must not have a response in flight. */
    public void detach() {
        dropHeldCommands();
        afterAnswers = null;
        if (state == BackendState.RELAYING) {
            sink = null;
            state = BackendState.IDLE;
            // The reset that follows rolls back whatever transaction the client left open.
            transactionOpen = false;
            // The client may have left while backpressure had paused reads.
            channel.config().setAutoRead(true);
        }
    }

    /**
     * Takes the connection back from a client at a point where everything its session carries is replayable
     * (transaction mode's safe point): no reset follows, and the next client replays from {@code left}.
     *
     * @param left         the client's replayable state, which the session now has
     * @param insertIdLeft what LAST_INSERT_ID() returns on the session now
     */
    public void detachShareable(ReplayableState left, long insertIdLeft) {
        detach();
        replayable = left;
        lastInsertId = insertIdLeft;
        needsReset = false;
    }

    /** Whether the last status the backend reported showed an open transaction; false after a reset. */
    public boolean transactionOpen() {
        return transactionOpen;
    }

    /**
     * Runs {@code task} once no response is pending (at once if none is): a connection given back while the
     * proxy's own pipelined commands are still answering goes back after them.
     */
    public void whenAnswered(Runnable task) {
        if (responsePending()) {
            afterAnswers = task;
        } else {
            task.run();
        }
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
        forwardCommand(packet, response, commandPackets, null);
    }

    /**
     * As {@link #forwardCommand(Packet, ExpectedResponse, int)}; {@code firstPacket}, if set, sees the first
     * packet of the response (on this loop) before the client gets it.
     */
    public void forwardCommand(Packet packet, ExpectedResponse response, int commandPackets,
            Consumer<Packet> firstPacket) {
        if (!packet.isContinuation()) {
            writePendingCloses();
        }
        channel.write(packet, channel.voidPromise());
        if (response != null) {
            expected.add(Expected.relayed(response, commandPackets, firstPacket));
            if (!responseInFlight) {
                beginNext();
            }
        }
    }

    /**
     * Answers a client's command here instead of the backend (an unknown statement id), after the backend's
     * answers to the commands before it: the relay gets {@code end}, then {@code answer}.
     */
    public void answerLocally(Packet answer, ResponseEnd end) {
        expected.add(new Expected(ExpectedResponse.NONE, 1, System.nanoTime(), null, null, answer, end));
        if (!responseInFlight) {
            beginNext();
        }
    }

    // ---- the gate: commands wait while the proxy needs an answer first ----

    /**
     * Holds the client's commands ({@link #whenOpen}) until {@link #openGate}: while the proxy waits for an
     * answer that decides how they are written (a prepare's statement id).
     */
    public void closeGate() {
        gateClosed = true;
    }

    /** Lets the held commands through, in order, until one of them closes the gate again. */
    public void openGate() {
        gateClosed = false;
        for (HeldCommand held; !gateClosed && (held = gated.poll()) != null; ) {
            held.send().run();
        }
        channel.flush();
    }

    /** Sends a client's packet ({@code send}) now, or once the gate opens, in the order given. */
    public void whenOpen(Packet packet, Runnable send) {
        if (gateClosed || !gated.isEmpty()) {
            gated.add(new HeldCommand(packet, send));
        } else {
            send.run();
        }
    }

    /** Drops what the gate holds, which no backend will see: the client left or the connection is going. */
    private void dropHeldCommands() {
        gateClosed = false;
        for (HeldCommand held; (held = gated.poll()) != null; ) {
            held.packet().release();
        }
    }

    /**
     * The prepared statements this connection holds for everyone (multiplexed modes; null otherwise). An
     * evicted one is closed before the next command (COM_STMT_CLOSE has no response, so it fits between any
     * two commands, never inside a client's command of several packets).
     */
    public BackendStatements statements() {
        return statements;
    }

    /**
     * Brings the session to a client's state while lent (multiplexed modes): the replay's commands, pipelined
     * ahead of whatever comes next; {@code done} sees each one's end (an ERR means the state is not there).
     */
    public void replay(StateReplay replay, Consumer<ResponseEnd> done) {
        if (replay.schema() != null) {
            ByteBuf initDb = channel.alloc().buffer();
            new ComInitDb(replay.schema()).encode(initDb);
            forwardInternal(initDb, done);
        }
        if (replay.setStatement() != null) {
            forwardInternalQuery(replay.setStatement(), done);
        }
    }

    @Override
    public String statementCache() {
        return statementFigures;
    }

    /** Takes the cache's figures for SHOW SERVERS; called where they change (a prepare, an eviction, a reset). */
    public void noteStatements() {
        statementFigures = statements.size() + " cached, " + statements.prepares() + " prepared, "
                + statements.evictions() + " evicted";
    }

    private void writePendingCloses() {
        if (pendingCloses.isEmpty()) {
            return;
        }
        for (int i = 0; i < pendingCloses.size(); i++) {
            ByteBuf close = channel.alloc().buffer(5);
            new ComStmtClose(pendingCloses.get(i)).encode(close);
            channel.write(new Packet(0, close), channel.voidPromise());
        }
        pendingCloses.clear();
    }

    /**
     * Sends one of the proxy's own commands ahead of the client's next ones while the connection is lent
     * (state replay): pipelined, so it costs no round trip of its own; its response is consumed and handed to
     * {@code done} on this loop, never relayed.
     */
    public void forwardInternal(ByteBuf payload, Consumer<ResponseEnd> done) {
        ExpectedResponse response = ExpectedResponse.of(payload);
        writePendingCloses();
        channel.write(new Packet(0, payload), channel.voidPromise());
        expected.add(new Expected(response, 1, System.nanoTime(), done, null, null, null));
        if (!responseInFlight) {
            beginNext();
        }
    }

    /** {@link #forwardInternal} for a COM_QUERY of the proxy's own. */
    public void forwardInternalQuery(String sql, Consumer<ResponseEnd> done) {
        ByteBuf payload = channel.alloc().buffer();
        query(sql).accept(payload);
        forwardInternal(payload, done);
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
            if (current.localAnswer() != null) {
                sink.onResponseEnd(current.localEnd());
                sink.onPacket(current.localAnswer(), ResponseTracker.Progress.DONE);
                continue;
            }
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
                boolean first = tracker.isFirstPacket();
                ResponseTracker.Progress progress = tracker.feed(packet);
                Expected command = current;
                if (first && command.firstPacket() != null) {
                    command.firstPacket().accept(packet);
                }
                if (progress == ResponseTracker.Progress.DONE) {
                    responseInFlight = false;
                    ResponseEnd end = tracker.end();
                    noteSchemaChange(end);
                    if (end.lastInsertId() != 0) {
                        lastInsertId = end.lastInsertId();
                    }
                    beginNext();
                    if (command.internal() != null) {
                        packet.release();
                        command.internal().accept(end);
                        runAfterAnswers();
                        return;
                    }
                    count(command, end);
                    sink.onResponseEnd(end);
                } else if (command.internal() != null) {
                    packet.release();
                    return;
                }
                if (translateOks && tracker.lastPacketWasOk() && OkPacketTranslation.needsTranslation(packet.content())) {
                    Packet translated = new Packet(packet.sequenceId(),
                            OkPacketTranslation.translate(packet.content(), channel.alloc()));
                    packet.release();
                    packet = translated;
                }
                sink.onPacket(packet, progress);
                if (progress == ResponseTracker.Progress.DONE) {
                    runAfterAnswers();
                }
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

    private void runAfterAnswers() {
        if (afterAnswers != null && !responsePending()) {
            Runnable task = afterAnswers;
            afterAnswers = null;
            task.run();
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
        dropHeldCommands();
        if (afterAnswers != null) {
            // No answer will come: the connection goes back now, and the pool retires it as closed.
            Runnable task = afterAnswers;
            afterAnswers = null;
            expected.clear();
            responseInFlight = false;
            task.run();
        }
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
