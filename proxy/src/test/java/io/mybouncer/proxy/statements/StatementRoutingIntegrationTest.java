package io.mybouncer.proxy.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.RawResponse;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.command.ComStmtClose;
import io.mybouncer.protocol.command.ComStmtPrepareOk;
import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.command.ParameterTypes;
import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.resultset.BinaryRow;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.ColumnType;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.config.PoolSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statement classes against the fixture's real server, with two plain connections standing in
 * for two pooled backends: a client prepares and binds types on the first, then its next execute,
 * which relies on those types, goes to the second, where the statement has to be prepared
 * transparently and the types put back. The server must answer as the client's own statement does.
 *
 * <p>The parameter is a BIGINT bound as unsigned and read back as text, so the type bytes decide the
 * answer: 0xFFFFFFFFFFFFFFFF is 18446744073709551615 with the unsigned flag and -1 without it.
 */
@ExtendWith(TestBackendExtension.class)
class StatementRoutingIntegrationTest {
    private static final long TIMEOUT_SECONDS = 20;
    private static final NettyTransport TRANSPORT = NettyTransport.preferred();
    private static final String SQL = "SELECT CAST(? AS CHAR), CONCAT(?, '!')";
    private static final PrepareContext CONTEXT = new PrepareContext(TestBackend.SCHEMA, "", "");
    private static EventLoopGroup group;

    private final List<MysqlClient> opened = new ArrayList<>();

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, TRANSPORT.ioHandlerFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void closeConnections() {
        opened.forEach(MysqlClient::close);
    }

    private MysqlClient backend(TestBackend server) throws Exception {
        MysqlClient client = MysqlClient.connect(group, TRANSPORT, new ServerAddress.Tcp(server.host(), server.port()),
                ClientOptions.of(server.user(), server.password()).withDatabase(TestBackend.SCHEMA))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        opened.add(client);
        return client;
    }

    private static RawResponse send(MysqlClient backend, ByteBuf payload) throws Exception {
        return backend.sendRaw(payload).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The statements a backend holds, closing evicted ones there as the proxy will. */
    private static BackendStatements statementsOf(MysqlClient backend, int capacity) {
        return new BackendStatements(capacity, id -> {
            ByteBuf close = Unpooled.buffer();
            new ComStmtClose(id).encode(close);
            backend.sendRaw(close);
        });
    }

    /**
     * COM_STMT_EXECUTE of {@link #SQL} as a client sends it: a BIGINT and a string; with the types
     * (BIGINT unsigned, VAR_STRING) when {@code bindTypes}, else new_params_bound_flag 0.
     */
    private static ByteBuf execute(long statementId, boolean bindTypes, long bigint, String string) {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(CommandType.COM_STMT_EXECUTE.code());
        BasicTypes.writeInt4(out, statementId);
        out.writeByte(0).writeIntLE(1);
        out.writeByte(0).writeByte(bindTypes ? 1 : 0);
        if (bindTypes) {
            out.writeByte(ColumnType.MYSQL_TYPE_LONGLONG.code()).writeByte(ParameterTypes.UNSIGNED_FLAG);
            out.writeByte(ColumnType.MYSQL_TYPE_VAR_STRING.code()).writeByte(0);
        }
        out.writeLongLE(bigint);
        BasicTypes.writeStringLenenc(out, string);
        return out;
    }

    private static ByteBuf prepare(String sql) {
        return Unpooled.buffer().writeByte(CommandType.COM_STMT_PREPARE.code())
                .writeBytes(sql.getBytes(StandardCharsets.UTF_8));
    }

    private static StatementText textOf(String sql) {
        ByteBuf prepare = prepare(sql);
        try {
            return StatementText.of(prepare, CONTEXT);
        } finally {
            prepare.release();
        }
    }

    /** The binary rows of an execute's response, each value as text. */
    private static List<List<String>> rows(RawResponse response, CapabilitySet capabilities) {
        try {
            assertThat(response.end().isError()).as("%s", response.end()).isFalse();
            Iterator<Packet> packets = response.packets().iterator();
            int count = ColumnCount.decode(packets.next().content().duplicate(), capabilities).count();
            List<ColumnType> types = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                types.add(ColumnDefinition41.decode(packets.next().content().duplicate(), capabilities).type());
            }
            if (!capabilities.deprecateEof()) {
                packets.next();
            }
            List<List<String>> rows = new ArrayList<>();
            for (ByteBuf row = packets.next().content(); !EofPacket.isEof(row, capabilities);
                    row = packets.next().content()) {
                rows.add(BinaryRow.decode(row.duplicate(), types).values().stream()
                        .map(value -> new String(value, StandardCharsets.UTF_8)).toList());
            }
            return rows;
        } finally {
            response.release();
        }
    }

    /** The client's own prepare, forwarded to {@code backend}, registered on both sides. */
    private static ClientStatement clientPrepares(StatementRouting routing, MysqlClient backend,
            BackendStatements statements, String sql) throws Exception {
        ByteBuf prepare = prepare(sql);
        StatementText text = StatementText.of(prepare, CONTEXT);
        RawResponse response = send(backend, prepare);
        try {
            return routing.prepared(response.packets().get(0).content(), text, statements);
        } finally {
            response.release();
        }
    }

    /** Prepares {@code text} on a backend that lacks it, as the proxy does before an execute. */
    private static BackendStatement prepareTransparently(MysqlClient backend, BackendStatements statements,
            StatementText text) throws Exception {
        RawResponse response = send(backend, text.prepareCommand(ByteBufAllocator.DEFAULT));
        try {
            ComStmtPrepareOk ok = ComStmtPrepareOk.decode(response.packets().get(0).content().duplicate(),
                    backend.session().capabilities());
            return statements.register(text, ok.statementId(), ok.numParams());
        } finally {
            response.release();
        }
    }

    @Test
    void anExecuteMovedToAnotherBackendAnswersAsTheClientsOwnStatement(TestBackend server) throws Exception {
        MysqlClient one = backend(server);
        MysqlClient two = backend(server);
        CapabilitySet capabilities = one.session().capabilities();
        StatementRouting routing = new StatementRouting(new ClientStatements(), capabilities, ByteBufAllocator.DEFAULT);
        BackendStatements onOne = statementsOf(one, PoolSettings.DEFAULT_STATEMENT_CACHE_SIZE);
        BackendStatements onTwo = statementsOf(two, PoolSettings.DEFAULT_STATEMENT_CACHE_SIZE);
        ClientStatement statement = clientPrepares(routing, one, onOne, SQL);
        assertThat(statement.id()).isEqualTo(1);
        assertThat(statement.parameterCount()).isEqualTo(2);

        ByteBuf bound = execute(statement.id(), true, -1L, "x");
        assertThat(routing.acceptExecute(bound)).isSameAs(statement);
        ByteBuf sameBuffer = routing.executeOn(bound, statement, onOne.lookup(statement.text()));
        assertThat(sameBuffer).isSameAs(bound);
        assertThat(rows(send(one, sameBuffer), capabilities)).containsExactly(List.of("18446744073709551615", "x!"));

        ByteBuf relying = execute(statement.id(), false, -2L, "y");
        routing.acceptExecute(relying);
        assertThat(onTwo.lookup(statement.text())).isNull();
        BackendStatement prepared = prepareTransparently(two, onTwo, statement.text());
        ByteBuf retyped = routing.executeOn(relying, statement, prepared);
        assertThat(retyped).isNotSameAs(relying);
        List<List<String>> moved = rows(send(two, retyped), capabilities);
        relying.release();

        ByteBuf own = execute(statement.id(), false, -2L, "y");
        routing.acceptExecute(own);
        List<List<String>> direct = rows(send(one, routing.executeOn(own, statement, onOne.lookup(statement.text()))),
                capabilities);
        assertThat(direct).containsExactly(List.of("18446744073709551614", "y!"));
        assertThat(moved).isEqualTo(direct);

        ByteBuf again = execute(statement.id(), false, 7L, "z");
        routing.acceptExecute(again);
        ByteBuf forwarded = routing.executeOn(again, statement, onTwo.lookup(statement.text()));
        assertThat(forwarded).as("the second backend has the types now").isSameAs(again);
        assertThat(rows(send(two, forwarded), capabilities)).containsExactly(List.of("7", "z!"));
    }

    @Test
    void withoutTheTypesPutBackTheServerRefusesTheExecute(TestBackend server) throws Exception {
        MysqlClient backend = backend(server);
        BackendStatements statements = statementsOf(backend, PoolSettings.DEFAULT_STATEMENT_CACHE_SIZE);
        BackendStatement prepared = prepareTransparently(backend, statements,
                textOf(SQL));
        RawResponse response = send(backend, execute(prepared.id(), false, -2L, "y"));
        try {
            assertThat(response.end().isError()).isTrue();
            assertThat(response.end().errorMessage()).contains("Incorrect arguments");
        } finally {
            response.release();
        }
    }

    @Test
    void anEvictedStatementIsClosedOnTheServer(TestBackend server) throws Exception {
        MysqlClient backend = backend(server);
        BackendStatements statements = statementsOf(backend, 1);
        BackendStatement first = prepareTransparently(backend, statements, textOf(SQL));
        prepareTransparently(backend, statements, textOf("SELECT ?"));
        assertThat(statements.evictions()).isEqualTo(1);
        RawResponse response = send(backend, execute(first.id(), true, 1L, "a"));
        try {
            assertThat(response.end().errorCode()).as("ER_UNKNOWN_STMT_HANDLER").isEqualTo(1243);
        } finally {
            response.release();
        }
    }
}
