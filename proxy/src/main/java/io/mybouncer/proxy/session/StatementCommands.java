package io.mybouncer.proxy.session;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.command.StatementId;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.proxy.backend.BackendConnection;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.sql.StatementEffects;
import io.mybouncer.proxy.statements.BackendStatement;
import io.mybouncer.proxy.statements.ClientStatement;
import io.mybouncer.proxy.statements.ClientStatements;
import io.mybouncer.proxy.statements.PrepareContext;
import io.mybouncer.proxy.statements.StatementRouting;
import io.mybouncer.proxy.statements.StatementText;
import io.mybouncer.proxy.statements.UnknownStatement;
import io.mybouncer.proxy.tracking.ReplayableState;
import io.mybouncer.proxy.tracking.StateReplay;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One client's binary-protocol statements in transaction and statement modes (DESIGN part 4): statement
 * ids are the proxy's own, each backend keeps its own statements for everyone ({@code BackendStatements}), and
 * a command naming a statement the backend it lands on lacks prepares it there first, transparently, under the
 * schema, sql_mode and character set it was prepared under, then goes on with the backend's id.
 *
 * <p>Threading: runs on the loop of the backend the client holds, behind that backend's gate, so commands are
 * handled in order with the answers to earlier ones (MariaDB Connector/J pipelines a prepare with an execute of
 * id -1, which names what the prepare's answer registers). Between transactions, when the client holds no
 * backend, the session calls {@link #closeStatement} and {@link #clear} on its own loop; the hand-offs between
 * loops order the accesses.
 */
final class StatementCommands {
    /** What a context records for a variable the client never set: the login's value. */
    private static final String AS_AT_LOGIN = "\0login";
    private static final String SQL_MODE = "sql_mode";
    private static final String CHARACTER_SET_CLIENT = "character_set_client";

    private final ClientStatements statements = new ClientStatements();
    private final StatementRouting routing;
    private final CapabilitySet clientCapabilities;
    private final ByteBufAllocator alloc;
    /** Told when a command that brings a backend to a prepare's context fails: the session stops. */
    private final BiConsumer<BackendConnection, ResponseEnd> replayEnded;
    /** Backend statements this client left long data on: reset before another client may execute them. */
    private final Set<BackendStatement> longData = new HashSet<>();

    StatementCommands(CapabilitySet clientCapabilities, ByteBufAllocator alloc,
            BiConsumer<BackendConnection, ResponseEnd> replayEnded) {
        this.routing = new StatementRouting(statements, clientCapabilities, alloc);
        this.clientCapabilities = clientCapabilities;
        this.alloc = alloc;
        this.replayEnded = replayEnded;
    }

    /** The context a statement prepared in {@code state} is prepared under. */
    static PrepareContext contextOf(ReplayableState state, String loginSchema) {
        String schema = state.schema() != null ? state.schema() : loginSchema != null ? loginSchema : "";
        return new PrepareContext(schema, state.variables().getOrDefault(SQL_MODE, AS_AT_LOGIN),
                state.variables().getOrDefault(CHARACTER_SET_CLIENT, AS_AT_LOGIN));
    }

    /** The statement a client's COM_STMT_PREPARE prepares, in the client's state now. */
    static StatementText textOf(Packet prepare, ReplayableState state, String loginSchema, StatementEffects effects) {
        return StatementText.of(prepare.content(), contextOf(state, loginSchema), effects);
    }

    /**
     * The client's COM_STMT_PREPARE, relayed; its answer's statement id becomes the client's own on the way
     * back. The client's next commands wait for that answer (an execute of id -1 names what it registers).
     */
    void prepare(BackendConnection backend, Packet packet, int commandPackets, StatementText text) {
        backend.forwardCommand(packet, ExpectedResponse.PREPARE, commandPackets, first -> {
            try {
                ByteBuf payload = first.content();
                if (payload.getUnsignedByte(payload.readerIndex()) == OkPacket.HEADER) {
                    routing.prepared(payload, text, backend.statements());
                    backend.noteStatements();
                } else {
                    statements.prepareFailed();
                }
            } finally {
                backend.openGate();
            }
        });
        backend.closeGate();
    }

    /**
     * COM_STMT_EXECUTE, COM_STMT_SEND_LONG_DATA, COM_STMT_RESET or COM_STMT_FETCH: sent with the backend's id
     * for the statement, prepared there first if need be; an unknown id is answered as the server would.
     *
     * @param state   the client's replayable state now, which the backend has
     * @param effects told what an execute's statement does to session state
     */
    void route(BackendConnection backend, Packet packet, CommandType command, ExpectedResponse response,
            int commandPackets, ReplayableState state, Consumer<StatementEffects> effects) {
        ByteBuf payload = packet.content();
        ClientStatement statement = command == CommandType.COM_STMT_EXECUTE ? routing.acceptExecute(payload)
                : routing.statementOf(payload);
        if (statement == null) {
            answerUnknown(backend, packet, command);
            return;
        }
        if (command == CommandType.COM_STMT_EXECUTE) {
            effects.accept(statement.text().effects());
        }
        BackendStatement prepared = backend.statements().lookup(statement.text());
        if (prepared == null && command == CommandType.COM_STMT_RESET) {
            // Nothing of it lives on this backend (long data or a cursor would have kept the client on another).
            answer(backend, packet, ResponseEnd.ok(null, 0, 0, 0, List.of()), okPacket(backend, packet));
            return;
        }
        if (prepared == null) {
            prepareFirst(backend, statement, state, () -> route(backend, packet, command, response, commandPackets,
                    state, effects), failure -> {
                        if (response == ExpectedResponse.NONE) {
                            packet.release(); // long data has no answer: the execute after it gets the error
                        } else {
                            answer(backend, packet, failure, errPacket(packet, failure));
                        }
                    });
            return;
        }
        Packet out = packet;
        if (command == CommandType.COM_STMT_EXECUTE) {
            ByteBuf rewritten = routing.executeOn(payload, statement, prepared);
            if (rewritten != payload) {
                out = new Packet(packet.sequenceId(), rewritten);
                packet.release();
            }
            releaseLongData(prepared);
        } else {
            routing.forwardTo(payload, prepared);
            if (command == CommandType.COM_STMT_SEND_LONG_DATA && longData.add(prepared)) {
                prepared.pin();
            } else if (command == CommandType.COM_STMT_RESET) {
                releaseLongData(prepared);
            }
        }
        backend.forwardCommand(out, response, commandPackets);
    }

    /**
     * COM_STMT_CLOSE: the client's id is forgotten; the backend statement stays for everyone. Long data the
     * client left on it is cleared first (COM_STMT_RESET), or another client's execute would send it.
     *
     * @param backend the backend the client holds, or null between transactions
     */
    void closeStatement(BackendConnection backend, Packet packet) {
        long id = StatementId.read(packet.content());
        packet.release();
        ClientStatement statement = statements.lookup(id);
        if (statement == null) {
            return;
        }
        if (backend != null) {
            BackendStatement prepared = backend.statements().lookup(statement.text());
            if (prepared != null && longData.contains(prepared)) {
                releaseLongData(prepared);
                ByteBuf reset = alloc.buffer(5).writeByte(CommandType.COM_STMT_RESET.code());
                reset.writeIntLE((int) prepared.id());
                backend.forwardInternal(reset, end -> replayEnded.accept(backend, end));
            }
        }
        statements.close(id);
    }

    /**
     * The client's own COM_RESET_CONNECTION, relayed: when it succeeds the server has closed every statement
     * of the backend and reset its trackers, and the client's ids are gone too. Commands behind it wait until
     * the trackers are on again.
     */
    void reset(BackendConnection backend, Packet packet, int commandPackets) {
        backend.forwardCommand(packet, ExpectedResponse.OK, commandPackets, first -> {
            try {
                ByteBuf payload = first.content();
                if (payload.getUnsignedByte(payload.readerIndex()) == OkPacket.HEADER) {
                    clear();
                    backend.clientReset(end -> replayEnded.accept(backend, end));
                }
            } finally {
                backend.openGate();
            }
        });
        backend.closeGate(); // what follows must find the trackers on again
    }

    /** The session started afresh (a reset answered between transactions, a change of user). */
    void clear() {
        statements.clear();
        longData.clear();
    }

    private void releaseLongData(BackendStatement prepared) {
        if (longData.remove(prepared)) {
            prepared.unpin();
        }
    }

    /**
     * Prepares {@code statement} on {@code backend}, which lacks it: brought to the statement's context if the
     * client's differs, prepared, brought back, all pipelined; the client's command waits behind the gate and
     * goes on ({@code then}) once the backend's id is known, or gets the server's error ({@code failed}).
     */
    private void prepareFirst(BackendConnection backend, ClientStatement statement, ReplayableState state,
            Runnable then, Consumer<ResponseEnd> failed) {
        backend.closeGate();
        ReplayableState context = stateOf(statement.text().context(), state, backend.loginSchema());
        StateReplay there = StateReplay.between(state, context, backend.loginSchema(), backend.loginValues());
        StateReplay back = StateReplay.between(context, state, backend.loginSchema(), backend.loginValues());
        backend.replay(there, end -> replayEnded.accept(backend, end));
        backend.forwardInternal(statement.text().prepareCommand(alloc), end -> {
            if (end.isError()) {
                failed.accept(end);
            } else {
                backend.statements().register(statement.text(), end.statementId(), statement.parameterCount());
                backend.noteStatements();
                then.run();
            }
            backend.openGate();
        });
        backend.replay(back, end -> replayEnded.accept(backend, end));
    }

    /** The client's state with the context's schema, sql_mode and character set in place of its own. */
    private static ReplayableState stateOf(PrepareContext context, ReplayableState state, String loginSchema) {
        String schema = context.schema().isEmpty() || context.schema().equals(loginSchema) ? null : context.schema();
        Map<String, String> variables = new HashMap<>(state.variables());
        put(variables, SQL_MODE, context.sqlMode());
        put(variables, CHARACTER_SET_CLIENT, context.characterSet());
        return new ReplayableState(schema, variables);
    }

    private static void put(Map<String, String> variables, String name, String value) {
        if (value.equals(AS_AT_LOGIN)) {
            variables.remove(name);
        } else {
            variables.put(name, value);
        }
    }

    private void answerUnknown(BackendConnection backend, Packet packet, CommandType command) {
        long id = StatementId.read(packet.content());
        if (!UnknownStatement.answered(command)) {
            packet.release();
            return;
        }
        Object[] arguments = UnknownStatement.errorArguments(command, id);
        ErrPacket err = ProxyError.UNKNOWN_STATEMENT.toErrPacket(arguments);
        answer(backend, packet, ResponseEnd.err(err.errorCode(), err.sqlState(), err.message(), List.of()),
                ProxyError.UNKNOWN_STATEMENT.toPacket(alloc, packet.sequenceId() + 1, arguments));
    }

    /** Answers the client's command here, in turn with the backend's answers to the commands before it. */
    private static void answer(BackendConnection backend, Packet command, ResponseEnd end, Packet answer) {
        command.release();
        backend.answerLocally(answer, end);
    }

    private Packet errPacket(Packet command, ResponseEnd failure) {
        ByteBuf payload = alloc.buffer();
        new ErrPacket(failure.errorCode(), failure.sqlState() != null ? failure.sqlState() : "HY000",
                failure.errorMessage()).encode(payload, clientCapabilities);
        return new Packet(command.sequenceId() + 1, payload);
    }

    private Packet okPacket(BackendConnection backend, Packet command) {
        ByteBuf payload = alloc.buffer();
        int status = ServerStatus.AUTOCOMMIT | (backend.transactionOpen() ? ServerStatus.IN_TRANS : 0);
        OkPacket.of(0, 0, new ServerStatus(status), 0).encode(payload, clientCapabilities);
        return new Packet(command.sequenceId() + 1, payload);
    }
}
