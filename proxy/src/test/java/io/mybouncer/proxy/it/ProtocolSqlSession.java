package io.mybouncer.proxy.it;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.PreparedStatement;
import io.mybouncer.protocol.client.QueryResult;
import io.mybouncer.protocol.client.RawResponse;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.response.ResponseEnd;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A {@link SqlSession} over the protocol module's {@link MysqlClient}; transactions by BEGIN and COMMIT. */
final class ProtocolSqlSession implements SqlSession {
    /** As long as the JDBC sessions' socket timeout: a proxy that never answers fails the test. */
    private static final long TIMEOUT_SECONDS = 60;

    private final MysqlClient client;

    private ProtocolSqlSession(MysqlClient client) {
        this.client = client;
    }

    static ProtocolSqlSession connect(EventLoopGroup group, String host, int port, ClientOptions options)
            throws Exception {
        return new ProtocolSqlSession(await(MysqlClient.connect(group, NettyTransport.NIO,
                new ServerAddress.Tcp(host, port), options)));
    }

    @Override
    public ClientLibrary library() {
        return ClientLibrary.PROTOCOL_CLIENT;
    }

    @Override
    public String value(String sql) throws Exception {
        return single(await(client.query(sql)), sql);
    }

    @Override
    public void execute(String sql) throws Exception {
        QueryResult result = await(client.query(sql));
        if (!result.resultSets().isEmpty()) {
            throw new AssertionError(sql + ": a result set where none was expected");
        }
    }

    @Override
    public long insert(String sql) throws Exception {
        return await(client.query(sql)).ok().lastInsertId();
    }

    @Override
    public Prepared prepare(String sql) throws Exception {
        PreparedStatement statement = await(client.prepare(sql));
        return parameters -> single(await(client.execute(statement, Arrays.asList(parameters), false)), sql);
    }

    @Override
    public void begin() throws Exception {
        execute("BEGIN");
    }

    @Override
    public void commit() throws Exception {
        execute("COMMIT");
    }

    @Override
    public void rollback() throws Exception {
        execute("ROLLBACK");
    }

    /** COM_RESET_CONNECTION as raw bytes: the client has no method for it. */
    @Override
    public void resetConnection() throws Exception {
        ByteBuf payload = client.channel().alloc().buffer(1).writeByte(CommandType.COM_RESET_CONNECTION.code());
        RawResponse response = await(client.sendRaw(payload));
        try {
            ResponseEnd end = response.end();
            if (end.isError()) {
                throw new MysqlServerException(end.errorCode(), end.sqlState(), end.errorMessage());
            }
        } finally {
            response.release();
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static String single(QueryResult result, String sql) {
        List<List<String>> rows = result.rows();
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError(sql + ": " + rows + " (expected: exactly one value)");
        }
        return rows.get(0).get(0);
    }

    /** The future's value; a server's error is thrown as it is, not wrapped. */
    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
