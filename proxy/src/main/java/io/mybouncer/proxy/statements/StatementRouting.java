package io.mybouncer.proxy.statements;

import io.mybouncer.protocol.command.ComStmtExecute;
import io.mybouncer.protocol.command.ComStmtPrepareOk;
import io.mybouncer.protocol.command.ParameterTypes;
import io.mybouncer.protocol.command.StatementId;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Turns one client's statement commands into commands for whichever backend serves them: client
 * ids to the backend's ids, rewritten in place, and parameter types put back where a backend lacks
 * them. One per client session, over its {@link ClientStatements}; the backend side is the
 * {@link BackendStatements} of the backend at hand. Decides and rewrites; sends nothing.
 *
 * <p>The order of calls for COM_STMT_EXECUTE:
 * <ol>
 *   <li>{@link #acceptExecute}: the client's statement (null: answer {@link UnknownStatement}), its
 *       bound types recorded;</li>
 *   <li>{@link BackendStatements#lookup} with its {@link ClientStatement#text()}; when null, prepare
 *       the text on that backend ({@link StatementText#prepareCommand}, under its
 *       {@link PrepareContext}), swallow the response and {@link BackendStatements#register} it;</li>
 *   <li>{@link #executeOn}: the payload to write to the backend.</li>
 * </ol>
 * COM_STMT_SEND_LONG_DATA, COM_STMT_RESET and COM_STMT_FETCH take {@link #statementOf} and
 * {@link #forwardTo}; COM_STMT_CLOSE only {@link ClientStatements#close}.
 *
 * <p>CLIENT_QUERY_ATTRIBUTES is refused: it gives each execute a parameter count and names of its
 * own, and the proxy does not offer it (see the frontend's ProxyCapabilities).
 *
 * <p>Threading: the client's statements are the client loop's, the backend's statements the backend
 * loop's; a command is routed while the client has it in flight and the backend serves only that
 * client, so nothing else touches either. Where the two loops differ, the hand-off between them
 * ({@code EventLoop.execute}) orders the accesses.
 */
public final class StatementRouting {
    private final ClientStatements statements;
    private final CapabilitySet capabilities;
    private final ByteBufAllocator alloc;

    /**
     * @param capabilities the capabilities negotiated with the client, which frame its commands
     * @param alloc for the rare execute that needs its types put back
     */
    public StatementRouting(ClientStatements statements, CapabilitySet capabilities, ByteBufAllocator alloc) {
        if (capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            throw new IllegalArgumentException("CLIENT_QUERY_ATTRIBUTES is not supported: " + capabilities);
        }
        this.statements = statements;
        this.capabilities = capabilities;
        this.alloc = alloc;
    }

    /**
     * The backend's COM_STMT_PREPARE_OK for the client's own prepare arrived: registers the statement
     * on both sides and rewrites the backend's id in {@code prepareOk} to the client's, in place, so
     * the caller forwards that very buffer (and the definitions after it) to the client.
     *
     * @param prepareOk the first packet's payload of the response; indexes and ownership unchanged
     * @param text the statement, taken from the client's COM_STMT_PREPARE
     * @throws io.mybouncer.protocol.packet.ProtocolException when it is not a valid COM_STMT_PREPARE_OK
     */
    public ClientStatement prepared(ByteBuf prepareOk, StatementText text, BackendStatements backend) {
        ComStmtPrepareOk ok = ComStmtPrepareOk.decode(prepareOk.duplicate(), capabilities);
        backend.register(text, ok.statementId(), ok.numParams());
        ClientStatement statement = statements.register(text, ok.numParams(), ok.numColumns());
        ComStmtPrepareOk.rewriteStatementId(prepareOk, statement.id());
        return statement;
    }

    /**
     * The client's statement a statement command names, by the id at offset 1, id -1 resolved; null
     * when unknown. Reads only; the payload is not changed.
     *
     * @throws io.mybouncer.protocol.packet.ProtocolException when the payload ends before the id
     */
    public ClientStatement statementOf(ByteBuf payload) {
        return statements.lookup(StatementId.read(payload));
    }

    /**
     * The client's statement a COM_STMT_EXECUTE names, with the types it binds recorded (in place,
     * copied only when they changed); null when the id is unknown. Recorded before any backend is
     * involved, so types the client sent are not lost when a transparent prepare fails.
     *
     * @throws io.mybouncer.protocol.packet.ProtocolException when the payload is truncated before the
     *     end of its types
     */
    public ClientStatement acceptExecute(ByteBuf payload) {
        ClientStatement statement = statementOf(payload);
        if (statement != null) {
            recordTypes(payload, statement);
        }
        return statement;
    }

    /**
     * The COM_STMT_EXECUTE to write to the backend that holds {@code prepared}.
     *
     * <p>Usually {@code payload} itself, with the backend's id written over the client's: same buffer,
     * same indexes, same reference count. When the execute says "types as bound before"
     * (new_params_bound_flag 0) but the types on record for this backend statement are not the
     * client's (another client bound others, or the statement was just prepared here), a new buffer
     * that binds the client's last types instead ({@link ComStmtExecute#withParameterTypes}); the
     * caller owns and writes it, and still owns and releases {@code payload}, whose values the new
     * buffer shares. A client that never bound types gets its payload as it is: the server answers as
     * it would without the proxy.
     *
     * <p>Either way the types the backend statement now holds are recorded on it.
     *
     * @param statement from {@link #acceptExecute} for this payload
     * @param prepared the statement's text as prepared on the backend the execute goes to
     * @throws io.mybouncer.protocol.packet.ProtocolException when the payload is truncated before the
     *     end of its types
     */
    public ByteBuf executeOn(ByteBuf payload, ClientStatement statement, BackendStatement prepared) {
        int count = statement.parameterCount();
        if (prepared.parameterCount() != count) {
            throw new IllegalStateException(prepared + " does not fit " + statement);
        }
        ByteBuf out = payload;
        if (recordTypes(payload, statement)) {
            prepared.boundTypes(statement.boundTypes());
        } else if (count > 0 && statement.boundTypes() != null
                && !sameTypes(prepared.boundTypes(), statement.boundTypes())) {
            out = ComStmtExecute.withParameterTypes(alloc, payload, count, capabilities,
                    ParameterTypes.of(statement.boundTypes()));
            prepared.boundTypes(statement.boundTypes());
        }
        StatementId.rewrite(out, prepared.id());
        return out;
    }

    /**
     * COM_STMT_SEND_LONG_DATA, COM_STMT_RESET or COM_STMT_FETCH for the backend that holds
     * {@code prepared}: writes its id over the client's, in place; no index or reference count changes.
     */
    public void forwardTo(ByteBuf payload, BackendStatement prepared) {
        StatementId.rewrite(payload, prepared.id());
    }

    /** Records the types the payload binds, if any, on the client's statement; says whether it binds any. */
    private boolean recordTypes(ByteBuf payload, ClientStatement statement) {
        int index = ComStmtExecute.boundTypesIndex(payload, statement.parameterCount(), capabilities);
        if (index < 0) {
            return false;
        }
        statement.recordTypes(payload, index);
        return true;
    }

    private static boolean sameTypes(byte[] backend, byte[] client) {
        return backend == client || Arrays.equals(backend, client);
    }
}
