package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.JdbcConnection;
import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.RawResponse;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.command.ComQuery;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.pool.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * COM_CHANGE_USER through the proxy, which authenticates the new user itself: MySQL Connector/J's
 * {@code changeUser} and the protocol library's client (MariaDB Connector/J has no change-user
 * call), mid-session with a backend attached and right after login without one. The new user's
 * identity and schema show, the old session's state is gone, a refusal is 1045 and keeps the
 * connection as MariaDB does, and other clients' sessions are untouched.
 */
@ExtendWith(TestBackendExtension.class)
class ChangeUserIntegrationTest {
    private static final long TIMEOUT_SECONDS = 20;
    private static final String OTHER_USER = "mybouncer_change_user";
    private static final String OTHER_PASSWORD = "other-Pass-1";
    private static final String OTHER_SCHEMA = "mybouncer_change_user_db";

    private static TestBackend backend;
    private static RunningProxy proxy;
    private static EventLoopGroup clientGroup;
    private final List<MysqlClient> opened = new ArrayList<>();

    @BeforeAll
    static void startProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + OTHER_SCHEMA);
            statement.execute("CREATE USER IF NOT EXISTS '" + OTHER_USER + "'@'%' IDENTIFIED BY '" + OTHER_PASSWORD + "'");
            // An account left by an older run against an external server may have another password.
            statement.execute("ALTER USER '" + OTHER_USER + "'@'%' IDENTIFIED BY '" + OTHER_PASSWORD + "'");
            statement.execute("GRANT ALL PRIVILEGES ON " + OTHER_SCHEMA + ".* TO '" + OTHER_USER + "'@'%'");
            statement.execute("GRANT ALL PRIVILEGES ON " + TestBackend.SCHEMA + ".* TO '" + OTHER_USER + "'@'%'");
        }
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults().withUser(OTHER_USER, OTHER_PASSWORD));
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void stopProxy() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("DROP USER IF EXISTS '" + OTHER_USER + "'@'%'");
            statement.execute("DROP DATABASE IF EXISTS " + OTHER_SCHEMA);
        }
    }

    @AfterEach
    void closeClients() {
        opened.forEach(MysqlClient::close);
    }

    @Test
    void connectorJChangesUserMidSessionAndTheOldSessionStateIsGone() throws SQLException {
        try (Connection connection = JdbcClient.MYSQL_CLIENT_PREPARED.connect(proxy, TestBackend.SCHEMA,
                backend.user(), backend.password(), "")) {
            execute(connection, "SET @mine = 'before'");
            execute(connection, "CREATE TEMPORARY TABLE scratch (id INT)");
            assertThat(row(connection, "SELECT CURRENT_USER(), @mine")).containsExactly(backend.user() + "@%", "before");

            ((JdbcConnection) connection).changeUser(OTHER_USER, OTHER_PASSWORD);

            assertThat(row(connection, "SELECT CURRENT_USER(), DATABASE(), @mine"))
                    .containsExactly(OTHER_USER + "@%", TestBackend.SCHEMA, null);
            assertMysqlError(() -> row(connection, "SELECT COUNT(*) FROM scratch"), 1146, "42S02", "scratch");
            // Back again: the proxy authenticates the first user as well.
            ((JdbcConnection) connection).changeUser(backend.user(), backend.password());
            assertThat(row(connection, "SELECT CURRENT_USER()")).containsExactly(backend.user() + "@%");
        }
    }

    @Test
    void connectorJGetsAccessDeniedForAWrongPassword() throws SQLException {
        try (Connection connection = JdbcClient.MYSQL_CLIENT_PREPARED.connect(proxy, TestBackend.SCHEMA,
                backend.user(), backend.password(), "")) {
            assertMysqlError(() -> ((JdbcConnection) connection).changeUser(OTHER_USER, "wrong"),
                    1045, "28000", "Access denied for user '" + OTHER_USER + "'@'127.0.0.1' (using password: YES)");
        }
    }

    @Test
    void changesUserAndSchemaWithoutABackendAttached() throws Exception {
        MysqlClient client = connect();

        client.changeUser(OTHER_USER, OTHER_PASSWORD, OTHER_SCHEMA).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(query(client, "SELECT CURRENT_USER(), DATABASE()")).containsExactly(OTHER_USER + "@%", OTHER_SCHEMA);
        assertThat(proxy.poolKeys()).anySatisfy(key -> {
            assertThat(key.user()).isEqualTo(OTHER_USER);
            assertThat(key.database()).isEqualTo(OTHER_SCHEMA);
        });
    }

    @Test
    void aRefusedChangeKeepsThePreviousUserWithAFreshSessionAndTheFourthTryIsRefusedOutright() throws Exception {
        MysqlClient client = connect();
        execute(client, "SET @mine = 'before'");

        for (int attempt = 1; attempt <= 3; attempt++) {
            assertMysqlError(() -> client.changeUser(OTHER_USER, "wrong", null).get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                    1045, "28000", "Access denied for user '" + OTHER_USER + "'@'127.0.0.1' (using password: YES)");
        }
        // As on MariaDB: still logged in as before, but the session was reset.
        assertThat(query(client, "SELECT CURRENT_USER(), DATABASE(), @mine"))
                .containsExactly(backend.user() + "@%", TestBackend.SCHEMA, null);

        assertMysqlError(() -> client.changeUser(OTHER_USER, OTHER_PASSWORD, null).get(TIMEOUT_SECONDS,
                TimeUnit.SECONDS), 1047, "08S01", "refused after 3 failed attempts");
        assertThat(query(client, "SELECT CURRENT_USER()")).containsExactly(backend.user() + "@%");
    }

    @Test
    void anotherClientsSessionIsUnaffected() throws Exception {
        try (Connection bystander = JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, backend.user(),
                backend.password(), "")) {
            execute(bystander, "SET @mine = 'bystander'");
            MysqlClient client = connect();
            execute(client, "SET @mine = 'changer'");

            client.changeUser(OTHER_USER, OTHER_PASSWORD, null).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(query(client, "SELECT CURRENT_USER(), @mine")).containsExactly(OTHER_USER + "@%", null);
            assertThat(row(bystander, "SELECT CURRENT_USER(), @mine")).containsExactly(backend.user() + "@%", "bystander");
        }
    }

    @Test
    void aChangeWhileAResponseIsInFlightEndsTheConnectionAndItsBackend() throws Exception {
        MysqlClient client = connect();
        query(client, "SELECT 1");

        CompletableFuture<RawResponse> sleeping = client.sendRaw(encode(client, out -> ComQuery.of("SELECT SLEEP(5)")
                .encode(out, client.session().capabilities())));
        // The library's client sends one command at a time; this one goes out around it, as a second
        // process sharing the socket would send it.
        ByteBuf changeUser = encode(client, out -> new ComChangeUser(OTHER_USER, new byte[0], "", 0, "", Map.of())
                .encode(out, client.session().capabilities()));
        client.channel().writeAndFlush(new Packet(0, changeUser)).sync();

        // The proxy's ERR arrives where the query's response would have started.
        RawResponse response = sleeping.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            assertThat(response.end().isError()).isTrue();
            assertThat(response.end().errorCode()).isEqualTo(1158);
            assertThat(response.end().errorMessage()).contains("COM_CHANGE_USER while a response was still in flight");
        } finally {
            response.release();
        }
        assertThat(client.channel().closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        BoundedWait.until("the backend that was mid-response is closed", Duration.ofSeconds(TIMEOUT_SECONDS),
                () -> proxy.pools().stream().mapToLong(pool -> pool.closed().get(CloseReason.CLIENT_PROTOCOL_VIOLATION))
                        .sum() == 1);
    }

    private MysqlClient connect() throws Exception {
        MysqlClient client = MysqlClient.connect(clientGroup, NettyTransport.NIO,
                new ServerAddress.Tcp(RunningProxy.HOST, proxy.port()),
                ClientOptions.of(backend.user(), backend.password()).withDatabase(TestBackend.SCHEMA))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        opened.add(client);
        return client;
    }

    private static ByteBuf encode(MysqlClient client, Consumer<ByteBuf> writer) {
        ByteBuf payload = client.channel().alloc().buffer();
        writer.accept(payload);
        return payload;
    }

    /** The first row of {@code sql}'s result. */
    private static List<String> query(MysqlClient client, String sql) throws Exception {
        return client.query(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).rows().get(0);
    }

    private static void execute(MysqlClient client, String sql) throws Exception {
        client.query(sql).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> row(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(rows.getString(i));
            }
            return values;
        }
    }
}
