package io.mybouncer.proxy.session;

import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.command.ComQuery;
import io.mybouncer.protocol.command.StatementId;
import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.proxy.backend.BackendConnection;
import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.forksafety.ForkHazardDetector.Judgement;
import io.mybouncer.proxy.forksafety.ForkHazardDetector.Signal;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.FrontendSettings;
import io.mybouncer.proxy.frontend.LoginAdmission;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.pool.CloseReason;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.pool.PoolTimeoutException;
import io.mybouncer.proxy.pool.PooledConnection;
import io.mybouncer.proxy.sql.Effect;
import io.mybouncer.proxy.sql.SessionObjectChanges;
import io.mybouncer.proxy.sql.SessionObjectNames;
import io.mybouncer.proxy.sql.SetAssignments;
import io.mybouncer.proxy.sql.SqlMode;
import io.mybouncer.proxy.sql.StatementClassifier;
import io.mybouncer.proxy.sql.StatementEffects;
import io.mybouncer.proxy.tracking.PinReason;
import io.mybouncer.proxy.tracking.ReplayableState;
import io.mybouncer.proxy.tracking.SessionStateTracker;
import io.mybouncer.proxy.tracking.StateReplay;
import io.mybouncer.proxy.statements.StatementText;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.Future;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One client's session. In session pool mode the client gets a backend from its pool at its first
 * command and keeps it until it leaves; every command is relayed as it is, every response packet
 * goes back unchanged (no row is decoded), and the backend's response tracker says where
 * each response ends.
 *
 * <p>In transaction and statement modes (DESIGN parts 3 and 4) the backend goes back at every safe point
 * ({@link #releaseIfShareable}) and the next command takes one again: the client's session state is
 * followed by a {@link SessionStateTracker} (the SQL classifier's effects and the backend's reports),
 * replayed on each backend it gets ({@link StateReplay}, pipelined ahead of its command), and whatever
 * cannot be replayed pins it; binary statements go through {@link StatementCommands}, and every command
 * waits behind the backend's gate while the proxy needs an answer first (a prepare's statement id).
 *
 * <p>The session is confined to the client channel's event loop. The pool hands out backends on
 * that loop when it can; when a backend lives on another loop, calls into it hop to its loop
 * ({@link BackendConnection#execute}) and its callbacks hop back here, so each side's state is
 * only touched by its own thread and packet order is kept in both directions.
 *
 * <p>Backpressure: the backend is not read while the client cannot take more (channel not
 * writable), and the client is not read while it waits for a backend or while the backend cannot
 * take more; so memory per session stays bounded whatever the result or upload size.
 *
 * <p>COM_CHANGE_USER is the proxy's own ({@link UserChanges}): between commands, with a backend or
 * without, the session gives its backend back (to be reset off the client's path, as when it
 * leaves: the session state is gone whatever the outcome, as on the server), authenticates the new
 * user as at login, and from then on takes backends from the new user's pool.
 *
 * <p>Fork hazard (DESIGN part 5): a command that arrives while a response is still owed is either
 * pipelining by one process or two processes sharing the socket. The session then holds the
 * command and the rest of the response ({@link SessionState#CHECKING}) while {@link ForkHazardDetector}
 * asks the operating system; pipelining goes on as if nothing happened (and is not asked about again
 * for a while), sharing ends the connection's use ({@link SessionState#FORK_HAZARD}). When the
 * backend lives on another event loop, response packets already on their way when the overlap is
 * seen may still reach the client; on the client's own loop (the usual case) none does.
 */
public final class ClientSession {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    /** The SQL classifier keeps its scan state between queries: one per event loop, shared by its sessions. */
    private static final FastThreadLocal<StatementClassifier> CLASSIFIERS = new FastThreadLocal<>() {
        @Override
        protected StatementClassifier initialValue() {
            return new StatementClassifier();
        }
    };

    private static final String COLLATION_SELF_ASSIGNMENT = "collation_connection = @@session.collation_connection";
    /** The trackers as {@code BackendConnection} sets them up at login. */
    private static final String TRACKERS_ON = "session_track_schema = ON, session_track_state_change = ON,"
            + " session_track_system_variables = '*'";
    /** The second pass over SET statements that change a tracker: one per event loop. */
    private static final FastThreadLocal<SetAssignments> SET_ASSIGNMENTS = new FastThreadLocal<>() {
        @Override
        protected SetAssignments initialValue() {
            return new SetAssignments();
        }
    };
    /** The second pass over SQL that creates or drops temporary tables or takes named locks: one per event loop. */
    private static final FastThreadLocal<SessionObjectNames> OBJECT_NAMES = new FastThreadLocal<>() {
        @Override
        protected SessionObjectNames initialValue() {
            return new SessionObjectNames();
        }
    };

    /**
     * A command relayed whose response has not ended: its response's first sequence id, its kind, the client's
     * statement id it names (binary protocol), and what it does to session state: known from the SQL at once,
     * or for an execute once its statement is resolved on the backend's loop (the response's end, handed to
     * this loop, comes after).
     */
    private static final class OwedResponse {
        final int sequenceId;
        final CommandType command;
        final long statementId;
        StatementEffects effects;
        /** The temporary tables and named locks the SQL names, when its effects touch them; else null. */
        final SessionObjectChanges objects;
        /** The session variables its SET statements assign, when they change a tracker too; else empty. */
        final List<String> setVariables;

        OwedResponse(int sequenceId, CommandType command, long statementId, StatementEffects effects,
                SessionObjectChanges objects, List<String> setVariables) {
            this.sequenceId = sequenceId;
            this.command = command;
            this.statementId = statementId;
            this.effects = effects;
            this.objects = objects;
            this.setVariables = setVariables;
        }
    }

    /** {@link OwedResponse#statementId} of commands that name no statement. */
    private static final long NO_STATEMENT = -1;
    /** How long a verdict that an overlap was pipelining stands before the next overlap is looked up again. */
    private static final long OVERLAP_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * A command after this much quiet is a reuse worth a look: a preloaded app's master queries, forks,
     * and a worker's first query follows (gunicorn's workers can be serving within 100 ms of the
     * master's last query). Most looks cost one read of the holder's children list
     * ({@code CachedPeerProcesses}), so the bar is low.
     */
    private static final long REUSE_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long id;
    private final Channel client;
    private final SessionPools pools;
    private final UserChanges userChanges;
    private final ForkHazardDetector forkHazards;

    /**
     * Who the client is logged in as: the login's, then each successful COM_CHANGE_USER's. Written on
     * the client's loop; volatile for the admin console, which lists sessions from its own.
     */
    private volatile AuthenticatedClient login;
    /** The pool {@link #login} leads to; left when the client leaves or changes user. Volatile as {@link #login}. */
    private volatile PoolMembership membership;
    /** When the client logged in, for the admin console. */
    private final Instant loggedInAt = Instant.now();
    /** Written on the client's loop only; volatile for the metrics scrape that counts sessions by state. */
    private volatile SessionState state = SessionState.IDLE;
    private BackendConnection backend;
    /** The relay of {@link #backend}, to hold and resume responses while an overlap is judged. */
    private ResponseRelay relay;
    /** Packets that arrived before a backend was attached, or while an overlap is judged; the client is not read meanwhile. */
    private final Deque<Packet> waiting = new ArrayDeque<>();
    /**
     * For each command relayed whose response has not ended yet (pipelined commands add up), the
     * sequence id its response starts with (what an ERR in its place must carry) and what the
     * command does to session state.
     */
    private final Deque<OwedResponse> owedResponses = new ArrayDeque<>();
    /** Whether backends go back to the pool between transactions (transaction and statement modes). */
    private final boolean multiplexed;
    /** Statement mode: a backend goes back after every statement, so transactions are refused. */
    private final boolean statementMode;
    /** The client's session state in multiplexed modes: what to replay, what pins. */
    private final SessionStateTracker sessionState;
    /** What LAST_INSERT_ID() returns on {@link #backend} now, as far as the proxy knows. */
    private long backendLastInsertId;
    /** The client's binary-protocol statements across backends (multiplexed modes; null in session mode). */
    private final StatementCommands statementCommands;
    /** Which of the client's binary statements keep it on its backend (an open cursor, long data). */
    private final StatementPins statementPins;
    /** Until when ({@link System#nanoTime()}) an overlap is not looked up: the last one was judged harmless. */
    private long overlapsAllowedUntil = System.nanoTime();
    /** When the last response ended (or the client logged in), for telling a reuse. */
    private long idleSince = System.nanoTime();
    /** Who holds the connection, for the ERR every command gets in {@link SessionState#FORK_HAZARD}. */
    private String hazardHolders;
    /** Wire packets of the command being received so far (a command of 16 MiB or more spans several). */
    private int commandPackets;
    /** The command being received, known from its first packet; null between commands. */
    private ExpectedResponse commandResponse;
    /** Self-assignments in flight whose reports the tracker still needs ({@link #learn}). */
    private int learning;
    /** Whether the client is in the middle of sending a command of several wire packets. */
    private boolean midCommand;
    /** The command being received and what its SQL does (multiplexed modes), known from its first packet. */
    private CommandType commandType;
    private StatementEffects commandEffects = StatementEffects.NONE;
    /** The temporary tables and named locks the command's SQL names, when its effects touch them. */
    private SessionObjectChanges commandObjects;
    /** The session variables the command's SET statements assign, when they change a tracker too. */
    private List<String> commandSetVariables = List.of();
    /** The client statement id the command names (multiplexed modes), else {@link #NO_STATEMENT}. */
    private long commandStatementId = NO_STATEMENT;
    /** The sql_mode the client's SQL is lexed under, and the text it was parsed from. */
    private String sqlModeText;
    private SqlMode parsedSqlMode = SqlMode.DEFAULT;
    /** The backend asked for LOCAL INFILE data: client packets are file data until an empty one. */
    private boolean clientDataExpected;
    /** Sequence id of the client's last packet, for an ERR after its framing broke. */
    private int lastClientSequenceId;

    /**
     * @param login     the client as its login established it
     * @param pools     where the backends of {@code login} (and of a later COM_CHANGE_USER) come from
     * @param settings  what COM_CHANGE_USER authenticates against, as the login did
     * @param admission the last check of a COM_CHANGE_USER, as of a login
     * @param forkHazards judges a command that overlaps a response in flight
     */
    public ClientSession(long id, Channel client, AuthenticatedClient login, SessionPools pools,
            FrontendSettings settings, LoginAdmission admission, ForkHazardDetector forkHazards) {
        this.id = id;
        this.client = client;
        this.login = login;
        this.pools = pools;
        this.forkHazards = forkHazards;
        this.multiplexed = pools.mode() != PoolMode.SESSION;
        this.statementMode = pools.mode() == PoolMode.STATEMENT;
        this.sessionState = new SessionStateTracker(pools.pinCounters());
        this.statementPins = new StatementPins(sessionState);
        this.statementCommands = multiplexed
                ? new StatementCommands(login.capabilities(), client.alloc(), this::replayEnded) : null;
        this.userChanges = new UserChanges(client, settings, admission, this::userChanged, this::userChangeRefused);
        this.membership = pools.join(login);
    }

    public long id() {
        return id;
    }

    public SessionState state() {
        return state;
    }

    // ---- for the admin console (any thread) ----

    /** Who the client is logged in as now. */
    public AuthenticatedClient login() {
        return login;
    }

    /** The key of the pool the client's backends come from now. */
    public PoolKey poolKey() {
        return membership.pool().key();
    }

    public Channel channel() {
        return client;
    }

    public Instant loggedInAt() {
        return loggedInAt;
    }

    /** Why the client keeps its backend between transactions, comma-separated; empty when it does not. */
    public String pins() {
        return sessionState.pins();
    }

    /**
     * Closes the connection if the client is between transactions (a graceful SHUTDOWN): at once
     * when it holds no backend; when it holds one, once no response is owed and the backend's last
     * status showed no open transaction. A busy client is left alone: the caller asks again later.
     */
    public void closeWhenQuiet() {
        ResponseRelay.onLoopOf(client, () -> {
            if (state == SessionState.IDLE || state == SessionState.FORK_HAZARD) {
                close();
            } else if (state == SessionState.ACTIVE && owedResponses.isEmpty() && !clientDataExpected) {
                BackendConnection current = backend;
                current.execute(() -> {
                    if (!current.transactionOpen() && !current.responsePending()) {
                        // Closed only if no command went to the backend meanwhile.
                        ResponseRelay.onLoopOf(client, () -> {
                            if (state == SessionState.ACTIVE && backend == current && owedResponses.isEmpty()) {
                                close();
                            }
                        });
                    }
                });
            }
        });
    }

    // ---- client side (client event loop) ----

    /** A packet from the client. Ownership passes here. */
    public void onClientPacket(Packet packet) {
        lastClientSequenceId = packet.sequenceId();
        switch (state) {
            case IDLE -> {
                if (!packet.isContinuation() && !clientDataExpected && handledHere(packet)) {
                    return;
                }
                waiting.add(packet);
                if (multiplexed && forkHazardSignal() != null) {
                    judgeBeforeAcquiring(); // no backend is held while the operating system is asked
                } else {
                    acquire();
                }
            }
            case WAITING, CHECKING -> waiting.add(packet);
            case ACTIVE -> forward(packet);
            case CHANGING_USER -> onUserChangePacket(packet);
            case FORK_HAZARD -> answerHazard(packet);
            case CLOSED -> packet.release();
            default -> throw new IllegalStateException("bad state: " + state);
        }
    }

    /** Commands the session answers itself instead of sending to a backend. True when consumed. */
    private boolean handledHere(Packet packet) {
        CommandType command = CommandType.of(packet.firstByte());
        if (command == CommandType.COM_QUIT) {
            packet.release();
            close();
            return true;
        }
        if (command == CommandType.COM_CHANGE_USER) {
            changeUser(packet);
            return true;
        }
        if (multiplexed && state == SessionState.IDLE && command == CommandType.COM_STMT_CLOSE) {
            try {
                statementPins.closed(StatementId.read(packet.content()));
            } catch (ProtocolException e) {
                packet.release();
                fail(ProxyError.PROTOCOL_VIOLATION, packet.sequenceId() + 1, e.getMessage());
                return true;
            }
            statementCommands.closeStatement(null, packet); // nothing of it lives on a backend the client holds
            return true;
        }
        if (multiplexed && state == SessionState.IDLE && sessionState.shareable()
                && (command == CommandType.COM_PING || command == CommandType.COM_RESET_CONNECTION)) {
            // Without a backend, nothing of the session lives on one: both are answered here, no backend taken
            // (a pool's validation ping per borrow costs no backend round trip).
            if (command == CommandType.COM_RESET_CONNECTION) {
                sessionState.commandEnded(command, StatementEffects.NONE, ResponseEnd.ok(null, 0, 0, 0, List.of()));
                statementCommands.clear();
            }
            int sequenceId = packet.sequenceId() + 1;
            packet.release();
            ByteBuf ok = client.alloc().buffer();
            OkPacket.of(0, 0, new ServerStatus(sessionState.autocommit() ? ServerStatus.AUTOCOMMIT : 0), 0)
                    .encode(ok, login.capabilities());
            client.writeAndFlush(new Packet(sequenceId, ok));
            return true;
        }
        String why = refusal(command);
        if (why == null) {
            return false;
        }
        int sequenceId = packet.sequenceId() + 1;
        packet.release();
        client.writeAndFlush(ProxyError.COMMAND_REFUSED.toPacket(client.alloc(), sequenceId, command.name(), why));
        return true;
    }

    /** Why no backend may see this command (the reason in {@link ProxyError#COMMAND_REFUSED}), or null to relay it. */
    private static String refusal(CommandType command) {
        if (command == null) {
            return null;
        }
        return switch (command.kind()) {
            case REPLICATION -> "a replication stream cannot share a pooled connection";
            case INTERNAL -> "it is internal to the server";
            default -> null;
        };
    }

    // ---- COM_CHANGE_USER (client event loop) ----

    /**
     * Decodes the command, gives the backend back (on its loop, where it can tell whether a response
     * is still in flight: then the command broke the protocol), and starts authenticating.
     */
    private void changeUser(Packet packet) {
        int sequenceId = packet.sequenceId();
        Optional<ComChangeUser> decoded;
        try {
            decoded = userChanges.decode(packet, login.capabilities());
        } catch (ProtocolException e) {
            fail(ProxyError.PROTOCOL_VIOLATION, sequenceId + 1, e.getMessage());
            return;
        } finally {
            packet.release();
        }
        if (decoded.isEmpty()) {
            return;
        }
        ComChangeUser command = decoded.get();
        state = SessionState.CHANGING_USER;
        if (backend == null) {
            userChanges.start(command, sequenceId, login);
            return;
        }
        client.config().setAutoRead(false);
        giveBack(CloseReason.CLIENT_PROTOCOL_VIOLATION, midResponse -> {
            if (state != SessionState.CHANGING_USER) {
                return;
            }
            if (midResponse) {
                fail(ProxyError.PROTOCOL_VIOLATION, sequenceId + 1, "COM_CHANGE_USER while a response was still"
                        + " in flight (expected: a command only after the previous response ended)");
            } else {
                client.config().setAutoRead(true);
                userChanges.start(command, sequenceId, login);
            }
        });
    }

    private void userChanged(AuthenticatedClient newLogin) {
        PoolMembership left = membership;
        login = newLogin;
        membership = pools.join(newLogin);
        left.leave();
        sessionState.sessionReplaced();
        clearStatements();
        state = SessionState.IDLE;
    }

    /**
     * Logged in as before, with a fresh session: the next command gets a backend of the login's pool,
     * so in the login's schema, where MariaDB would keep a schema chosen by USE, which the session
     * does not track.
     */
    private void userChangeRefused() {
        sessionState.sessionReplaced();
        clearStatements();
        state = SessionState.IDLE;
    }

    /** A fresh session has no prepared statements (the backend's were reset when it was given back). */
    private void clearStatements() {
        if (statementCommands != null) {
            statementCommands.clear();
            statementPins.clear();
        }
    }

    /**
     * A client packet while its COM_CHANGE_USER is under way: an auth answer, or, before the proxy
     * has asked for one (the backend is still being given back), a protocol violation.
     */
    private void onUserChangePacket(Packet packet) {
        try {
            if (userChanges.underWay()) {
                userChanges.onPacket(packet);
            } else {
                fail(ProxyError.PROTOCOL_VIOLATION, packet.sequenceId() + 1, "a packet right after COM_CHANGE_USER"
                        + " (expected: nothing until the server's answer)");
            }
        } finally {
            packet.release();
        }
    }

    private void acquire() {
        state = SessionState.WAITING;
        Pool pool = membership.pool();
        Future<PooledConnection> acquiring = pool.acquire(client.eventLoop());
        if (acquiring.isDone()) {
            // The hot path: an idle backend at once. Reads never pause (two epoll_ctl calls saved).
            onAcquired(pool, acquiring);
            return;
        }
        // No reads while waiting, so the queue of waiting packets stays bounded.
        client.config().setAutoRead(false);
        acquiring.addListener((Future<PooledConnection> done) -> onAcquired(pool, done));
    }

    private void onAcquired(Pool pool, Future<PooledConnection> done) {
        if (state == SessionState.CLOSED) {
            if (done.isSuccess()) {
                pool.release(done.getNow());
            }
            return;
        }
        if (done.isSuccess()) {
            attach((BackendConnection) done.getNow());
        } else {
            refuseWaiting(done.cause());
        }
    }

    private void attach(BackendConnection connection) {
        backend = connection;
        state = SessionState.ACTIVE;
        backendLastInsertId = connection.lastInsertId();
        // The backend going away under the client loses its session state, so the session ends.
        ResponseRelay newRelay = new ResponseRelay(client, login.capabilities().sessionTrack(), connection,
                () -> clientDataExpected = true,
                this::responseEnded, this::close);
        relay = newRelay;
        // Computed here: the client's state belongs to this loop, the backend's replayable state is volatile.
        StateReplay replay = multiplexed ? StateReplay.between(connection.replayable(), sessionState.state(),
                connection.loginSchema(), connection.loginValues()) : StateReplay.NOTHING;
        backend.execute(() -> {
            connection.attach(newRelay);
            connection.replay(replay, end -> replayEnded(connection, end));
        });
        forwardWaiting();
    }

    /**
     * Forwards the commands that waited (for a backend, or for a verdict) and reads the client again,
     * unless one of them overlapped a response and is being judged now. Through the state machine: a
     * COM_CHANGE_USER among them gives the backend back.
     */
    private void forwardWaiting() {
        for (Packet packet; state != SessionState.CHECKING && (packet = waiting.poll()) != null; ) {
            onClientPacket(packet);
        }
        if (state == SessionState.ACTIVE) {
            client.config().setAutoRead(true); // a no-op unless reads were paused
            flushBackend();
        } else if (state == SessionState.IDLE) {
            client.config().setAutoRead(true); // the backend went back already (a command refused here)
        }
    }

    /** The pool could not hand out a backend: every waiting command gets the ERR. */
    private void refuseWaiting(Throwable cause) {
        for (Packet packet; (packet = waiting.poll()) != null; ) {
            boolean lastOfCommand = !packet.hasContinuation();
            int sequenceId = packet.sequenceId() + 1;
            packet.release();
            if (lastOfCommand) {
                client.write(refusalOf(cause, sequenceId));
            }
        }
        client.flush();
        state = SessionState.IDLE;
        client.config().setAutoRead(true);
    }

    /**
     * The ERR for a failed acquire: 1040 naming the pool, its size and the wait when every backend
     * was busy, or saying that the pool was paused; 2003-style with the connect error when connecting
     * to the backend failed (the wait ended while connects were failing, or the pool gave up at once).
     */
    private Packet refusalOf(Throwable cause, int sequenceId) {
        if (cause instanceof PoolTimeoutException timeout && timeout.paused()) {
            return ProxyError.POOL_PAUSED.toPacket(client.alloc(), sequenceId, timeout.key(),
                    timeout.timeout().toMillis());
        }
        if (cause instanceof PoolTimeoutException timeout && !timeout.backendUnreachable()) {
            return ProxyError.POOL_TIMEOUT.toPacket(client.alloc(), sequenceId, timeout.key(), timeout.size(),
                    timeout.timeout().toMillis());
        }
        Throwable connectError = cause instanceof PoolTimeoutException ? cause.getCause() : cause;
        String detail = connectError.getMessage() != null ? connectError.getMessage()
                : connectError.getClass().getSimpleName();
        return ProxyError.BACKEND_UNREACHABLE.toPacket(client.alloc(), sequenceId, pools.backendName(), detail);
    }

    /**
     * Hands one client packet to the backend's loop. The task captures the backend in a local:
     * reading the field there would race with {@link #onClientClosed} clearing it on this loop (a
     * COM_STMT_CLOSE and a COM_QUIT arriving in one read, then the close running before the task),
     * and the packet would be lost to a NullPointerException on the backend's loop, unreleased.
     */
    private void forward(Packet packet) {
        BackendConnection current = backend;
        if (clientDataExpected) {
            // LOCAL INFILE data ends with an empty packet that does not continue a full one.
            clientDataExpected = packet.isContinuation() || packet.content().isReadable();
            current.execute(() -> current.whenOpen(packet, () -> current.forwardClientData(packet)));
            return;
        }
        if (!packet.isContinuation()) {
            if (handledHere(packet)) {
                return;
            }
            Signal signal = forkHazardSignal();
            if (signal != null) {
                judge(packet, signal);
                return;
            }
            commandPackets = 0;
            commandType = CommandType.of(packet.firstByte());
            try {
                commandResponse = ExpectedResponse.of(packet.content());
                commandStatementId = multiplexed && namesStatement(commandType)
                        ? StatementId.read(packet.content()) : NO_STATEMENT;
            } catch (ProtocolException e) {
                packet.release();
                fail(ProxyError.PROTOCOL_VIOLATION, packet.sequenceId() + 1, e.getMessage());
                return;
            }
            commandEffects = multiplexed ? effectsOf(packet) : StatementEffects.NONE;
            commandObjects = touchesObjects(commandEffects)
                    ? OBJECT_NAMES.get().find(ComQuery.querySlice(packet.content(), login.capabilities()), sqlMode())
                    : null;
            commandSetVariables = commandEffects.has(Effect.SESSION_TRACKING_SET)
                    ? SET_ASSIGNMENTS.get().sessionVariables(ComQuery.querySlice(packet.content(),
                            login.capabilities()), sqlMode())
                    : List.of();
            if (multiplexed && !beforeForwarding(packet, current)) {
                return;
            }
        }
        commandPackets++;
        boolean last = !packet.hasContinuation();
        midCommand = !last;
        ExpectedResponse response = last ? commandResponse : null;
        OwedResponse owed = null;
        if (response != null && response != ExpectedResponse.NONE) {
            owed = new OwedResponse((packet.sequenceId() + 1) & 0xFF, commandType,
                    commandStatementId, commandEffects, commandObjects, commandSetVariables);
            owedResponses.addLast(owed);
        }
        int packets = commandPackets;
        if (!multiplexed) {
            current.execute(() -> current.forwardCommand(packet, response, packets));
            return;
        }
        Runnable send = packets == 1 ? commandTask(current, packet, response, owed)
                : () -> current.forwardCommand(packet, response, packets);
        current.execute(() -> current.whenOpen(packet, send));
        if (response == ExpectedResponse.NONE) {
            releaseIfShareable(); // COM_STMT_CLOSE and the like end without a response
        }
    }

    /**
     * What sends a command's first packet in multiplexed modes, on the backend's loop behind its gate: binary
     * statement commands through {@link #statementCommands}, the rest as they are.
     */
    private Runnable commandTask(BackendConnection current, Packet packet, ExpectedResponse response,
            OwedResponse owed) {
        CommandType command = commandType;
        if (command == null) {
            return () -> current.forwardCommand(packet, response, 1);
        }
        ReplayableState now = sessionState.state();
        return switch (command) {
            case COM_STMT_PREPARE -> {
                StatementText text = StatementCommands.textOf(packet, now, current.loginSchema(),
                        preparedEffects(packet));
                yield () -> statementCommands.prepare(current, packet, 1, text);
            }
            case COM_STMT_EXECUTE, COM_STMT_FETCH, COM_STMT_RESET, COM_STMT_SEND_LONG_DATA -> {
                if (command == CommandType.COM_STMT_SEND_LONG_DATA) {
                    statementPins.longDataSent(commandStatementId);
                }
                yield () -> statementCommands.route(current, packet, command, response, 1, now,
                        effects -> owed.effects = effects);
            }
            case COM_STMT_CLOSE -> {
                statementPins.closed(commandStatementId);
                yield () -> statementCommands.closeStatement(current, packet);
            }
            case COM_RESET_CONNECTION -> () -> statementCommands.reset(current, packet, 1);
            default -> () -> current.forwardCommand(packet, response, 1);
        };
    }

    /** Whether the command's payload names a prepared statement by id (at offset 1). */
    private static boolean namesStatement(CommandType command) {
        return command == CommandType.COM_STMT_EXECUTE || command == CommandType.COM_STMT_FETCH
                || command == CommandType.COM_STMT_RESET || command == CommandType.COM_STMT_CLOSE
                || command == CommandType.COM_STMT_SEND_LONG_DATA;
    }

    /** Whether the SQL creates, drops, takes or releases what {@link SessionObjectNames} names. */
    private static boolean touchesObjects(StatementEffects effects) {
        return effects.has(Effect.TEMPORARY_TABLE_CREATE) || effects.has(Effect.TEMPORARY_TABLE_DROP)
                || effects.has(Effect.NAMED_LOCK_ACQUIRE) || effects.has(Effect.NAMED_LOCK_RELEASE)
                || effects.has(Effect.NAMED_LOCK_RELEASE_ALL);
    }

    /** What a prepared statement's SQL does when it runs, lexed as the session's queries are. */
    private StatementEffects preparedEffects(Packet prepare) {
        ByteBuf payload = prepare.content();
        return CLASSIFIERS.get().classify(payload.slice(payload.readerIndex() + 1, payload.readableBytes() - 1),
                sqlMode());
    }

    // ---- transaction and statement modes (client event loop) ----

    /** What a command's SQL does to session state; {@link StatementEffects#NONE} for commands without SQL. */
    private StatementEffects effectsOf(Packet packet) {
        if (commandType != CommandType.COM_QUERY || packet.hasContinuation()) {
            // A query of 16 MiB or more is not scanned across packets: when in doubt, pin.
            return commandType == CommandType.COM_QUERY ? StatementEffects.of(Effect.UNKNOWN) : StatementEffects.NONE;
        }
        return CLASSIFIERS.get().classify(ComQuery.querySlice(packet.content(), login.capabilities()), sqlMode());
    }

    private SqlMode sqlMode() {
        String mode = sessionState.state().variables().get("sql_mode");
        if (!Objects.equals(mode, sqlModeText)) {
            sqlModeText = mode;
            parsedSqlMode = mode == null ? SqlMode.DEFAULT : SqlMode.parse(mode);
        }
        return parsedSqlMode;
    }

    /**
     * What a command needs before it goes to the backend in multiplexed modes: refused in statement mode if
     * it starts a transaction; pinned when it creates state the proxy does not route; LAST_INSERT_ID() made to
     * read this client's value, with a SET pipelined ahead of it. False when the command was answered here.
     */
    private boolean beforeForwarding(Packet packet, BackendConnection current) {
        if (statementMode && commandEffects.has(Effect.TRANSACTION_START)) {
            int sequenceId = packet.sequenceId() + 1;
            packet.release();
            client.writeAndFlush(ProxyError.TRANSACTION_IN_STATEMENT_MODE.toPacket(client.alloc(), sequenceId,
                    "the statement starts one or turns autocommit off"));
            releaseIfShareable();
            return false;
        }
        if (commandType == CommandType.COM_SET_OPTION) {
            sessionState.pin(PinReason.SESSION_OPTION);
        }
        long wanted = sessionState.lastInsertId();
        if (commandEffects.has(Effect.READS_LAST_INSERT_ID) && wanted != backendLastInsertId) {
            backendLastInsertId = wanted;
            current.execute(() -> current.forwardInternalQuery("SET last_insert_id = " + Long.toUnsignedString(wanted),
                    end -> replayEnded(current, end)));
        }
        return true;
    }

    /** A relayed response ended (on this loop). */
    private void responseEnded(ResponseEnd end) {
        OwedResponse owed = owedResponses.pollFirst(); // null when a fork hazard answered it already
        if (owedResponses.isEmpty()) {
            idleSince = System.nanoTime();
        }
        if (!multiplexed || owed == null) {
            return;
        }
        sessionState.commandEnded(owed.command, owed.effects, owed.objects, end);
        statementPins.responseEnded(owed.command, owed.statementId, end);
        if (owed.effects.has(Effect.SESSION_TRACKING_SET) && !end.isError()) {
            learn(TRACKERS_ON + owed.setVariables.stream().distinct().filter(SessionStateTracker::isPlainName)
                    .map(name -> ", " + name + " = @@session." + name).collect(Collectors.joining()));
        } else if (owed.effects.has(Effect.CHARSET_SET) && !end.isError()) {
            learn(COLLATION_SELF_ASSIGNMENT);
        }
        if (end.lastInsertId() != 0) {
            backendLastInsertId = end.lastInsertId();
        }
        releaseIfShareable();
    }

    /**
     * Makes the backend report variables the client's last statement set without their being reported, with a
     * self-assignment pipelined on the same backend; the backend stays until the answer is in. SET NAMES ..
     * COLLATE changes collation_connection, which MariaDB does not report (only the three character sets); a
     * statement that changes the trackers (MariaDB Connector/J's connect-time SET) hides the values of the
     * variables it sets, and takes the reports transaction mode relies on: the trackers are turned on again
     * as the proxy needs them (the client gets more reports than it asked for, never fewer). If that fails,
     * the client stays pinned.
     */
    private void learn(String assignments) {
        BackendConnection current = backend;
        learning++;
        current.execute(() -> {
            current.forwardInternalQuery("SET SESSION " + assignments, end -> ResponseRelay.onLoopOf(client, () -> {
                learning--;
                if (end.isError()) {
                    sessionState.pin(PinReason.UNTRACKED_STATE);
                } else {
                    sessionState.variableLearned(end);
                }
                releaseIfShareable();
            }));
            current.flush();
        });
    }

    /**
     * At a safe point (DESIGN part 3) the backend goes back to the pool: no response owed, no command
     * waiting, no transaction open, nothing pinned. It needs no reset: what the client leaves on it is
     * replayable, and the next client replays from there. The hand-over is queued on the backend's loop, so
     * it runs after the relay has written the response's last packet.
     */
    private void releaseIfShareable() {
        if (state != SessionState.ACTIVE || !owedResponses.isEmpty() || !waiting.isEmpty() || clientDataExpected
                || midCommand || learning > 0 || !sessionState.shareable()) {
            return;
        }
        ReplayableState left = sessionState.state();
        BackendConnection current = backend;
        if (current.loginSchema() == null && left.schema() != null) {
            sessionState.pin(PinReason.SCHEMA_CHOSEN); // no command unsets a schema
            return;
        }
        ResponseRelay attached = relay;
        Pool owner = membership.pool();
        long insertId = backendLastInsertId;
        backend = null;
        relay = null;
        state = SessionState.IDLE;
        current.eventLoop().execute(() -> {
            attached.dropHeld();
            // The proxy's own commands may still be answering (trackers turned on again after a reset).
            current.whenAnswered(() -> {
                current.detachShareable(left, insertId);
                owner.release(current);
            });
        });
    }

    /**
     * A replay command ended (on the backend's loop). If the server refused it, the client's commands behind it
     * would run in the wrong state: the backend is closed before any of their answers is relayed, and the
     * client is told why.
     */
    private void replayEnded(BackendConnection connection, ResponseEnd end) {
        if (!end.isError()) {
            return;
        }
        connection.close(CloseReason.REPLAY_FAILED);
        ResponseRelay.onLoopOf(client, () -> {
            LOG.log(System.Logger.Level.WARNING, "session {0}: state replay failed on backend {1}: {2} {3}",
                    Long.toString(id), Long.toString(connection.id()), end.errorCode(), end.errorMessage());
            OwedResponse owed = owedResponses.peekFirst();
            fail(ProxyError.STATE_REPLAY_FAILED, owed != null ? owed.sequenceId : lastClientSequenceId + 1,
                    end.errorCode(), end.errorMessage());
        });
    }

    // ---- fork hazard (client event loop) ----

    /** Whether this command must be looked at before it goes on, and why; null when not. */
    private Signal forkHazardSignal() {
        if (forkHazards.policy() == ForkSafetyPolicy.OFF) {
            return null;
        }
        long now = System.nanoTime();
        if (!owedResponses.isEmpty()) {
            return now - overlapsAllowedUntil > 0 ? Signal.OVERLAP : null;
        }
        // Every reuse is looked at: within a second of the last look that costs one read of the holder's
        // children (CachedPeerProcesses), which shows a fork that came right after it.
        return now - idleSince >= REUSE_IDLE_NANOS ? Signal.REUSE : null;
    }

    /**
     * Holds the command, and the rest of any response in flight, until the detector says whether one
     * process or several hold the connection.
     */
    private void judge(Packet command, Signal signal) {
        state = SessionState.CHECKING;
        waiting.addFirst(command); // ahead of any command pipelined behind it
        client.config().setAutoRead(false);
        BackendConnection current = backend;
        ResponseRelay held = relay;
        current.execute(held::hold);
        forkHazards.judge(client, login.connectAttributes(), signal).addListener((Future<Judgement> done) -> {
            if (state != SessionState.CHECKING) {
                return; // the client left meanwhile
            }
            Judgement judgement = done.getNow();
            LOG.log(System.Logger.Level.DEBUG, () -> "session " + id + ": " + judgement);
            if (judgement.hazard()) {
                forkHazards.report(judgement, "session " + id + " from " + client.remoteAddress());
            }
            if (judgement.reject()) {
                stopForHazard(judgement);
                return;
            }
            if (signal == Signal.OVERLAP) {
                overlapsAllowedUntil = System.nanoTime() + OVERLAP_RECHECK_NANOS;
            } else {
                idleSince = System.nanoTime(); // this reuse is judged: the held command goes on unlooked
            }
            state = SessionState.ACTIVE;
            current.execute(held::resume);
            forwardWaiting();
        });
    }

    /**
     * Between transactions (multiplexed modes): a command after a quiet spell is judged before a backend is
     * taken, so a slow lookup holds no backend from other clients. Sharing answers the held commands with
     * {@link ProxyError#FORK_HAZARD}; otherwise the session acquires as usual.
     */
    private void judgeBeforeAcquiring() {
        state = SessionState.CHECKING;
        client.config().setAutoRead(false);
        forkHazards.judge(client, login.connectAttributes(), Signal.REUSE).addListener((Future<Judgement> done) -> {
            if (state != SessionState.CHECKING) {
                return; // the client left meanwhile
            }
            Judgement judgement = done.getNow();
            if (judgement.hazard()) {
                forkHazards.report(judgement, "session " + id + " from " + client.remoteAddress());
            }
            if (judgement.reject()) {
                hazardHolders = judgement.holdersPhrase();
                state = SessionState.FORK_HAZARD;
                for (Packet packet; (packet = waiting.poll()) != null; ) {
                    answerHazard(packet);
                }
                client.config().setAutoRead(true);
                return;
            }
            idleSince = System.nanoTime(); // this reuse is judged
            acquire(); // reads resume once the waiting commands have gone to a backend
        });
    }

    /**
     * Several processes use this connection: the backend goes (cut mid-response if need be, so no
     * process reads a result meant for another), and every response still owed, every held command
     * and every later one gets {@link ProxyError#FORK_HAZARD}. The connection stays open so that each
     * process learns why. The owed ERRs are written from the backend's loop, where the relay knows
     * how much of the response in flight the client already has; the rest follows on this loop.
     */
    private void stopForHazard(Judgement judgement) {
        hazardHolders = judgement.holdersPhrase();
        List<Integer> owed = new ArrayList<>(owedResponses.size());
        owedResponses.forEach(response -> owed.add(response.sequenceId));
        owedResponses.clear();
        ResponseRelay held = relay;
        relay = null;
        String holders = hazardHolders;
        backend.execute(() -> held.answerOwed(owed, sequenceId ->
                ProxyError.FORK_HAZARD.toPacket(client.alloc(), sequenceId, holders)));
        giveBack(CloseReason.FORK_HAZARD, inFlight -> {
            if (state != SessionState.CHECKING) {
                return; // the client left meanwhile
            }
            state = SessionState.FORK_HAZARD;
            for (Packet packet; (packet = waiting.poll()) != null; ) {
                answerHazard(packet);
            }
            client.config().setAutoRead(true);
        });
    }

    /** In {@link SessionState#FORK_HAZARD}: the ERR for each command (on its last packet); a quit ends it. */
    private void answerHazard(Packet packet) {
        if (!packet.isContinuation() && CommandType.of(packet.firstByte()) == CommandType.COM_QUIT) {
            packet.release();
            close();
            return;
        }
        boolean lastOfCommand = !packet.hasContinuation();
        int sequenceId = packet.sequenceId() + 1;
        packet.release();
        if (lastOfCommand) {
            client.writeAndFlush(ProxyError.FORK_HAZARD.toPacket(client.alloc(), sequenceId, hazardHolders));
        }
    }

    /** The client finished a batch of reads: send what was forwarded in one flush. */
    public void onClientReadComplete() {
        if (state == SessionState.ACTIVE) {
            flushBackend();
        }
    }

    private void flushBackend() {
        BackendConnection current = backend;
        current.execute(current::flush);
    }

    /** The client's channel can take more again: resume reading the backend. */
    public void onClientWritable() {
        BackendConnection current = backend;
        if (current != null && state != SessionState.CHECKING) {
            current.execute(() -> current.channel().config().setAutoRead(true));
        }
    }

    /** The client is gone: the backend goes back to the pool, or is closed if mid-response. */
    public void onClientClosed() {
        if (state == SessionState.CLOSED) {
            return;
        }
        state = SessionState.CLOSED;
        for (Packet packet; (packet = waiting.poll()) != null; ) {
            packet.release();
        }
        userChanges.abort();
        if (backend != null && multiplexed && owedResponses.isEmpty() && !midCommand && !clientDataExpected
                && sessionState.shareable()) {
            // Everything the client leaves is replayable: the next client replays, no reset needed.
            state = SessionState.ACTIVE;
            releaseIfShareable();
            state = SessionState.CLOSED;
        }
        if (backend != null) {
            giveBack(CloseReason.CLIENT_DISCONNECTED_MID_RESPONSE, null);
        }
        membership.leave();
    }

    /**
     * Takes the backend from this session, on the backend's loop: back to the pool, which resets it
     * off the client's path, or closed for {@code midResponse} when a response is still in flight,
     * whose rest cannot be skipped safely. {@code then}, if any, runs on the client's loop and learns
     * whether a response was in flight.
     */
    private void giveBack(CloseReason midResponse, Consumer<Boolean> then) {
        BackendConnection current = backend;
        ResponseRelay attached = relay;
        Pool owner = membership.pool();
        backend = null;
        relay = null;
        current.execute(() -> {
            if (attached != null) {
                attached.dropHeld();
            }
            boolean inFlight = current.responsePending();
            current.detach();
            if (inFlight) {
                owner.discard(current, midResponse);
            } else {
                owner.release(current);
            }
            if (then != null) {
                ResponseRelay.onLoopOf(client, () -> then.accept(inFlight));
            }
        });
    }

    /**
     * The client's bytes could not be framed (or another error surfaced on its channel): tell it
     * why, if it is still there, and end the session. Its sequence is lost, so the ERR carries the
     * id that follows the last packet it sent.
     */
    public void onClientError(Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        LOG.log(System.Logger.Level.INFO, "session {0}: closing after client error: {1}", Long.toString(id),
                reason.toString());
        fail(ProxyError.PROTOCOL_VIOLATION, lastClientSequenceId + 1, String.valueOf(reason.getMessage()));
    }

    private void fail(ProxyError error, int sequenceId, Object... details) {
        client.writeAndFlush(error.toPacket(client.alloc(), sequenceId, details));
        close();
    }

    private void close() {
        client.close();
    }
}
