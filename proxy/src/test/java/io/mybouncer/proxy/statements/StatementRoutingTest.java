package io.mybouncer.proxy.statements;

import static io.mybouncer.proxy.statements.StatementPayloads.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.command.StatementId;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Routing on the captured MariaDB 10.11 vectors of the protocol module: the statement
 * "SELECT id, name FROM t2 WHERE id >= ?" prepared as backend statement 8 (com_stmt_prepare,
 * com_stmt_prepare_ok), executed binding a LONG (com_stmt_execute_types_bound: types 03 00 at offset
 * 12, value 1 at 14) and again relying on it (com_stmt_execute_types_not_bound: flag 0 at 11, value 2
 * at 12). The client sees its statement as id 1.
 */
class StatementRoutingTest {
    private static final CapabilitySet CAPABILITIES = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_DEPRECATE_EOF);
    /** Offsets in com_stmt_execute_types_bound. */
    private static final int TYPES = 12;
    private static final int VALUE = 14;

    private final List<ByteBuf> buffers = new ArrayList<>();
    private final List<Long> closed = new ArrayList<>();
    private final ClientStatements statements = new ClientStatements();
    private final StatementRouting routing = new StatementRouting(statements, CAPABILITIES,
            UnpooledByteBufAllocator.DEFAULT);
    private final BackendStatements backend = new BackendStatements(4, closed::add);
    /** The query of com_stmt_prepare. */
    private final StatementText text = StatementPayloads.text("SELECT id, name FROM t2 WHERE id >= ?");

    @AfterEach
    void releaseBuffers() {
        buffers.stream().filter(buf -> buf.refCnt() > 0).forEach(ByteBuf::release);
    }

    private ByteBuf track(ByteBuf buf) {
        buffers.add(buf);
        return buf;
    }

    /** A client command: a captured vector with the client's statement id written into it. */
    private ByteBuf command(String vector, long clientId) {
        return track(StatementPayloads.command(vector, clientId));
    }

    /** com_stmt_execute_types_bound with other type bytes for its one parameter. */
    private ByteBuf executeBinding(long clientId, int type, int flags) {
        ByteBuf payload = command("com_stmt_execute_types_bound", clientId);
        payload.setByte(TYPES, type).setByte(TYPES + 1, flags);
        return payload;
    }

    /** The client's prepare answered by {@code on} with com_stmt_prepare_ok, its numbers replaced. */
    private ClientStatement prepare(ClientStatements client, BackendStatements on, long backendId, int numParams) {
        ByteBuf ok = track(Unpooled.buffer().writeBytes(vector("com_stmt_prepare_ok")));
        StatementId.rewrite(ok, backendId);
        ok.setShortLE(7, numParams);
        return new StatementRouting(client, CAPABILITIES, UnpooledByteBufAllocator.DEFAULT).prepared(ok, text, on);
    }

    private ClientStatement prepareOnBackend() {
        return prepare(statements, backend, 8, 1);
    }

    private static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    @Test
    void registersAPrepareOnBothSidesAndGivesTheClientItsOwnId() {
        ByteBuf ok = track(Unpooled.buffer().writeBytes(vector("com_stmt_prepare_ok")));
        ClientStatement statement = routing.prepared(ok, text, backend);
        assertThat(statement.id()).isEqualTo(1);
        assertThat(statement.parameterCount()).isEqualTo(1);
        assertThat(statement.columnCount()).isEqualTo(2);
        assertThat(statements.lookup(1)).isSameAs(statement);
        assertThat(backend.lookup(text).id()).isEqualTo(8);
        byte[] expected = vector("com_stmt_prepare_ok");
        expected[1] = 1;
        assertThat(bytes(ok)).as("the backend's id 8 replaced in place").isEqualTo(expected);
        assertThat(ok.readerIndex()).isZero();
    }

    @Test
    void refusesAPrepareAnswerThatIsNoPrepareOk() {
        ByteBuf err = track(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0x28, 0x04, '#', '4', '2', '0', '0', '0',
                'x', 'y', 'z'}));
        assertThatThrownBy(() -> routing.prepared(err, text, backend)).isInstanceOf(ProtocolException.class);
        assertThat(statements.size()).isZero();
    }

    @Test
    void rewritesTheIdOfAnExecuteInPlace() {
        ClientStatement statement = prepareOnBackend();
        ByteBuf execute = command("com_stmt_execute_types_bound", statement.id());
        assertThat(routing.acceptExecute(execute)).isSameAs(statement);
        ByteBuf out = routing.executeOn(execute, statement, backend.lookup(text));
        assertThat(out).isSameAs(execute);
        assertThat(execute.readerIndex()).isZero();
        assertThat(execute.refCnt()).isEqualTo(1);
        assertThat(bytes(out)).as("exactly what the driver sent the server directly")
                .isEqualTo(vector("com_stmt_execute_types_bound"));
    }

    @Test
    void recordsUnchangedTypesWithoutCopyingThem() {
        ClientStatement statement = prepareOnBackend();
        BackendStatement prepared = backend.lookup(text);
        routing.executeOn(command("com_stmt_execute_types_bound", 1), statement, prepared);
        byte[] recorded = statement.boundTypes();
        assertThat(recorded).containsExactly(0x03, 0x00);
        assertThat(prepared.boundTypes()).as("shared with the client's statement").isSameAs(recorded);

        ByteBuf again = command("com_stmt_execute_types_bound", 1);
        routing.acceptExecute(again);
        routing.executeOn(again, statement, prepared);
        assertThat(statement.boundTypes()).as("same types: the stored array stays").isSameAs(recorded);
        assertThat(prepared.boundTypes()).isSameAs(recorded);

        routing.acceptExecute(executeBinding(1, 0x08, 0x00));
        assertThat(statement.boundTypes()).isNotSameAs(recorded).containsExactly(0x08, 0x00);
        assertThat(recorded).as("never written into").containsExactly(0x03, 0x00);
    }

    @Test
    void treatsTheUnsignedFlagAsPartOfTheTypes() {
        ClientStatement statement = prepareOnBackend();
        routing.acceptExecute(executeBinding(1, 0x08, 0x00));
        byte[] signed = statement.boundTypes();
        routing.acceptExecute(executeBinding(1, 0x08, 0x80));
        assertThat(statement.boundTypes()).isNotSameAs(signed).containsExactly(0x08, 0x80);
    }

    @Test
    void leavesAnExecuteAloneWhenThisBackendHoldsTheClientsTypes() {
        ClientStatement statement = prepareOnBackend();
        BackendStatement prepared = backend.lookup(text);
        routing.executeOn(command("com_stmt_execute_types_bound", 1), statement, prepared);
        ByteBuf execute = command("com_stmt_execute_types_not_bound", 1);
        routing.acceptExecute(execute);
        ByteBuf out = routing.executeOn(execute, statement, prepared);
        assertThat(out).isSameAs(execute);
        assertThat(bytes(out)).isEqualTo(vector("com_stmt_execute_types_not_bound"));
    }

    @Test
    void putsTheTypesBackOnABackendThatPreparedTheStatementAfresh() {
        ClientStatement statement = prepareOnBackend();
        routing.executeOn(command("com_stmt_execute_types_bound", 1), statement, backend.lookup(text));
        BackendStatements other = new BackendStatements(4, closed::add);
        assertThat(other.lookup(statement.text())).isNull();
        ByteBuf prepare = track(statement.text().prepareCommand(UnpooledByteBufAllocator.DEFAULT));
        assertThat(bytes(prepare)).as("the client's own prepare, sent again").isEqualTo(vector("com_stmt_prepare"));
        BackendStatement fresh = other.register(statement.text(), 20, 1);

        ByteBuf execute = command("com_stmt_execute_types_not_bound", 1);
        routing.acceptExecute(execute);
        ByteBuf out = track(routing.executeOn(execute, statement, fresh));
        assertThat(out).isNotSameAs(execute);
        byte[] expected = vector("com_stmt_execute_types_bound");
        expected[1] = 20;
        expected[VALUE] = 2;
        assertThat(bytes(out)).as("flag 1, the client's LONG, its value 2, the backend's id").isEqualTo(expected);
        assertThat(execute.refCnt()).as("the values are shared, not copied").isEqualTo(2);
        assertThat(StatementId.read(execute)).as("the client's buffer keeps its id").isEqualTo(1);
        assertThat(fresh.boundTypes()).isSameAs(statement.boundTypes());
        out.release();
        assertThat(execute.refCnt()).isEqualTo(1);

        ByteBuf next = command("com_stmt_execute_types_not_bound", 1);
        routing.acceptExecute(next);
        assertThat(routing.executeOn(next, statement, fresh)).as("sent once per backend statement").isSameAs(next);
    }

    @Test
    void putsTheClientsTypesBackAfterAnotherClientBoundOthers() {
        ClientStatement mine = prepareOnBackend();
        ClientStatements otherClient = new ClientStatements();
        StatementRouting otherRouting = new StatementRouting(otherClient, CAPABILITIES,
                UnpooledByteBufAllocator.DEFAULT);
        ClientStatement theirs = prepare(otherClient, backend, 9, 1);
        BackendStatement shared = backend.lookup(text);
        assertThat(closed).as("the second prepare of the text is closed, the first shared").containsExactly(9L);

        routing.executeOn(executeBinding(1, 0x03, 0x00), mine, shared);
        ByteBuf unsigned = executeBinding(theirs.id(), 0x03, 0x80);
        otherRouting.acceptExecute(unsigned);
        otherRouting.executeOn(unsigned, theirs, shared);

        ByteBuf execute = command("com_stmt_execute_types_not_bound", 1);
        routing.acceptExecute(execute);
        ByteBuf out = track(routing.executeOn(execute, mine, shared));
        assertThat(out).isNotSameAs(execute);
        assertThat(out.getByte(11)).isEqualTo((byte) 1);
        assertThat(out.getShort(TYPES)).as("signed LONG again").isEqualTo((short) 0x0300);
        assertThat(shared.boundTypes()).isSameAs(mine.boundTypes());
    }

    @Test
    void forwardsAnExecuteWithoutTypesWhenTheClientNeverBoundAny() {
        ClientStatement statement = prepareOnBackend();
        ByteBuf execute = command("com_stmt_execute_types_not_bound", 1);
        assertThat(routing.acceptExecute(execute)).isSameAs(statement);
        assertThat(routing.executeOn(execute, statement, backend.lookup(text))).isSameAs(execute);
        assertThat(statement.boundTypes()).isNull();
    }

    @Test
    void routesAStatementWithoutParameters() {
        ClientStatement statement = prepare(statements, backend, 8, 0);
        // COM_STMT_EXECUTE of a statement without parameters: the 10-byte header and nothing else.
        ByteBuf execute = track(Unpooled.wrappedBuffer(new byte[] {0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0}));
        assertThat(routing.acceptExecute(execute)).isSameAs(statement);
        assertThat(routing.executeOn(execute, statement, backend.lookup(text))).isSameAs(execute);
        assertThat(StatementId.read(execute)).isEqualTo(8);
        assertThat(statement.boundTypes()).isNull();
    }

    @Test
    void resolvesIdMinusOneToTheStatementPreparedLast() {
        ClientStatement statement = prepare(statements, backend, 8, 3);
        ByteBuf execute = track(Unpooled.buffer().writeBytes(vector("com_stmt_execute_last_prepared")));
        assertThat(routing.acceptExecute(execute)).isSameAs(statement);
        assertThat(statement.boundTypes()).containsExactly(0x03, 0x00, 0xFD, 0x00, 0x0F, 0x00);
        routing.executeOn(execute, statement, backend.lookup(text));
        assertThat(StatementId.read(execute)).isEqualTo(8);
    }

    @Test
    void findsNoStatementForAnUnknownIdOrMinusOneAfterAFailedPrepare() {
        prepareOnBackend();
        assertThat(routing.acceptExecute(command("com_stmt_execute_types_bound", 2))).isNull();
        statements.prepareFailed();
        ByteBuf lastPrepared = track(Unpooled.buffer().writeBytes(vector("com_stmt_execute_last_prepared")));
        assertThat(routing.acceptExecute(lastPrepared)).isNull();
        assertThat(StatementId.read(lastPrepared)).as("left as the client sent it")
                .isEqualTo(StatementId.LAST_PREPARED);
    }

    @Test
    void rejectsAnExecuteCutShortBeforeTheEndOfItsTypes() {
        prepareOnBackend();
        byte[] execute = bytes(command("com_stmt_execute_types_bound", 1));
        GoldenVectors.assertTruncationsRejected(execute, VALUE, routing::acceptExecute);
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x17, 1, 0}, routing::statementOf))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("statement_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"com_stmt_send_long_data", "com_stmt_reset", "com_stmt_fetch"})
    void rewritesTheIdOfOtherStatementCommandsInPlace(String vector) {
        ClientStatement statement = prepareOnBackend();
        ByteBuf command = command(vector, statement.id());
        assertThat(routing.statementOf(command)).isSameAs(statement);
        routing.forwardTo(command, backend.lookup(statement.text()));
        byte[] expected = vector(vector);
        expected[1] = 8;
        assertThat(bytes(command)).isEqualTo(expected);
        assertThat(command.readerIndex()).isZero();
        assertThat(command.refCnt()).isEqualTo(1);
    }

    @Test
    void refusesABackendStatementWithOtherParameters() {
        ClientStatement statement = prepareOnBackend();
        BackendStatement odd = new BackendStatements(4, closed::add).register(statement.text(), 30, 2);
        ByteBuf execute = command("com_stmt_execute_types_bound", 1);
        assertThatThrownBy(() -> routing.executeOn(execute, statement, odd)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesQueryAttributes() {
        assertThatThrownBy(() -> new StatementRouting(statements, CAPABILITIES.with(Capability.CLIENT_QUERY_ATTRIBUTES),
                UnpooledByteBufAllocator.DEFAULT)).isInstanceOf(IllegalArgumentException.class);
    }
}
