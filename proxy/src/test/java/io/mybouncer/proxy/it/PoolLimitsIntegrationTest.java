package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.proxy.pool.PoolStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A pool of one backend: in session mode a client holds it from its first command until it
 * leaves, a second client waits at most the acquire timeout and gets a 1040 that names the pool,
 * logged-in clients that send nothing hold nothing, and the next holder finds the backend reset to
 * its own schema.
 */
@ExtendWith(ScenarioBackendExtension.class)
class PoolLimitsIntegrationTest {
    /** Short, but long enough for the holder's own backend connect on a loaded machine. */
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    private static final int IDLE_CLIENTS = 30;

    private static RunningProxy proxy;
    private static EventLoopGroup clientGroup;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults().withPool(1, ACQUIRE_TIMEOUT));
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Connection connect() throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(), "");
    }

    /**
     * Holder and waiter are the protocol client: it sends nothing until asked (JDBC drivers run
     * queries while connecting), and both land in the same pool, whose key includes the client's
     * framing capabilities.
     */
    @Test
    void aSecondClientGetsPoolTimeoutWhileTheOnlyBackendIsHeldThenSucceeds() throws Exception {
        try (MysqlClient holder = connectProtocolClient(); MysqlClient waiter = connectProtocolClient()) {
            assertThat(holder.query("SELECT 1").get(20, TimeUnit.SECONDS).rows()).containsExactly(List.of("1"));

            long started = System.nanoTime();
            assertMysqlError(() -> waiter.query("SELECT 1").get(20, TimeUnit.SECONDS), 1040, "08004",
                    "no connection of pool '" + proxy.user() + "/" + TestBackend.SCHEMA);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isBetween(ACQUIRE_TIMEOUT.minusMillis(50), ACQUIRE_TIMEOUT.plusSeconds(3));
            assertMysqlError(() -> waiter.query("SELECT 1").get(20, TimeUnit.SECONDS), 1040, "08004",
                    "(size 1) became free within " + ACQUIRE_TIMEOUT.toMillis() + " ms (acquire_timeout)");

            holder.close();
            assertThat(waiter.query("SELECT 1").get(20, TimeUnit.SECONDS).rows())
                    .as("the waiter's next command, once the holder left").containsExactly(List.of("1"));
        }
    }

    /** MariaDB Connector/J queries while connecting, so its connect is what waits and fails. */
    @Test
    void aJdbcClientThatCannotGetTheBackendFailsToConnectWithPoolTimeout() throws Exception {
        try (Connection holder = connect()) {
            assertThat(selectOne(holder)).isEqualTo(1);

            assertThatThrownBy(PoolLimitsIntegrationTest::connect)
                    .hasStackTraceContaining("Too many connections: no connection of pool '" + proxy.user() + "/"
                            + TestBackend.SCHEMA);
        }
        try (Connection next = connect()) {
            assertThat(selectOne(next)).isEqualTo(1);
        }
    }

    /** The idle clients and the worker are all the protocol client, so they share one pool of size 1. */
    @Test
    void loggedInClientsThatSendNothingHoldNoBackend() throws Exception {
        long openedBefore = createdSoFar();
        List<MysqlClient> idle = new ArrayList<>();
        try {
            List<CompletableFuture<MysqlClient>> logins = new ArrayList<>();
            for (int i = 0; i < IDLE_CLIENTS; i++) {
                logins.add(connectingProtocolClient());
            }
            for (CompletableFuture<MysqlClient> login : logins) {
                idle.add(login.get(20, TimeUnit.SECONDS));
            }
            assertThat(createdSoFar()).as("backends opened for %d logins", IDLE_CLIENTS).isEqualTo(openedBefore);

            try (MysqlClient worker = connectProtocolClient()) {
                assertThat(worker.query("SELECT 'served'").get(20, TimeUnit.SECONDS).rows())
                        .containsExactly(List.of("served"));
            }
            assertThat(idle).allSatisfy(client -> assertThat(client.channel().isActive()).isTrue());
        } finally {
            idle.forEach(MysqlClient::close);
        }
    }

    @Test
    void theNextHolderFindsTheBackendInItsOwnSchema() throws Exception {
        long createdBefore = createdSoFar();
        try (Connection first = connect(); Statement statement = first.createStatement()) {
            statement.execute("USE information_schema");
            statement.execute("SET @left_behind = 42");
            assertThat(schemaOf(first)).isEqualTo("information_schema");
        }
        try (Connection next = connect(); Statement statement = next.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DATABASE(), @left_behind")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo(TestBackend.SCHEMA);
            assertThat(rows.getString(2)).as("user variable after the reset").isNull();
        }
        assertThat(createdSoFar() - createdBefore).as("backends opened: the one backend was reused").isLessThanOrEqualTo(1);
    }

    /**
     * A client without a default schema that picks one leaves its backend unusable for the next
     * schema-less client (no command unsets a schema): the backend is replaced, not reused.
     */
    @Test
    void aSchemaLessClientNeverInheritsTheSchemaAnotherOneChose() throws Exception {
        ClientOptions noSchema = ClientOptions.of(proxy.user(), proxy.password());
        long createdBefore = createdSoFar();
        try (MysqlClient first = connectProtocolClient(noSchema)) {
            first.query("USE " + TestBackend.SCHEMA).get(20, TimeUnit.SECONDS);
            assertThat(first.query("SELECT DATABASE()").get(20, TimeUnit.SECONDS).rows())
                    .containsExactly(List.of(TestBackend.SCHEMA));
        }
        try (MysqlClient next = connectProtocolClient(noSchema)) {
            assertThat(next.query("SELECT DATABASE()").get(20, TimeUnit.SECONDS).rows())
                    .containsExactly(Collections.singletonList(null));
        }
        assertThat(createdSoFar() - createdBefore).as("backends opened: the first, then its replacement")
                .isEqualTo(2);
    }

    private static MysqlClient connectProtocolClient(ClientOptions options) throws Exception {
        return MysqlClient.connect(clientGroup, NettyTransport.NIO, new ServerAddress.Tcp(RunningProxy.HOST, proxy.port()),
                options).get(20, TimeUnit.SECONDS);
    }

    private static CompletableFuture<MysqlClient> connectingProtocolClient() {
        return MysqlClient.connect(clientGroup, NettyTransport.NIO, new ServerAddress.Tcp(RunningProxy.HOST, proxy.port()),
                ClientOptions.of(proxy.user(), proxy.password()).withDatabase(TestBackend.SCHEMA));
    }

    private static MysqlClient connectProtocolClient() throws Exception {
        return connectingProtocolClient().get(20, TimeUnit.SECONDS);
    }

    private static long createdSoFar() {
        return proxy.pools().stream().mapToLong(PoolStats::created).sum();
    }

    private static String schemaOf(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DATABASE()")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }
}
