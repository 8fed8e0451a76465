package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.embedded.LocalMariaDb;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend stops and starts again while clients are connected, on a private server (its own data
 * directory and port, so the shared fixture is untouched): sessions that held a backend end with an
 * error, a client arriving while it is down gets a "cannot connect" error within the acquire timeout,
 * and new sessions succeed once it is back. Every wait is bounded.
 */
class BackendRestartIntegrationTest {
    private static final String USER = "restart_app";
    private static final String PASSWORD = "restart-pass";
    private static final String SCHEMA = "restart_test";
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    /** The proxy's connect backoff tops out at 5 s; a new session must succeed well within this. */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final long TIMEOUT_SECONDS = 20;

    @TempDir
    static Path directory;
    private static Path dataDir;
    private static LocalMariaDb server;
    private static RunningProxy proxy;
    private static EventLoopGroup clientGroup;

    @BeforeAll
    static void startServerAndProxy() throws Exception {
        assumeTrue(LocalMariaDb.findServer().isPresent(), "no mariadbd on this machine");
        dataDir = Files.createDirectories(directory.resolve("data"));
        server = LocalMariaDb.start(options());
        try (Connection root = DriverManager.getConnection("jdbc:mariadb://" + server.host() + ":" + server.port() + "/",
                server.rootUser(), server.rootPassword()); Statement statement = root.createStatement()) {
            statement.execute("CREATE DATABASE " + SCHEMA);
            statement.execute("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            statement.execute("GRANT ALL ON " + SCHEMA + ".* TO '" + USER + "'@'%'");
        }
        proxy = RunningProxy.start(server.host(), server.port(), USER, PASSWORD,
                RunningProxy.Settings.defaults().withPool(4, ACQUIRE_TIMEOUT));
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    /** No TLS (nothing here needs it, and it keeps restarts fast), the same data directory every start. */
    private static LocalMariaDb.Options options() {
        return LocalMariaDb.Options.defaults().withTls(false).withDataDir(dataDir);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void brokenSessionsFailNewOnesWaitBoundedAndSucceedAfterTheRestart() throws Exception {
        int port = server.port();
        Connection jdbcHolder = connectJdbc();
        MysqlClient protocolHolder = connectProtocolClient();
        try {
            assertThat(selectOne(jdbcHolder)).isEqualTo(1);
            assertThat(protocolHolder.query("SELECT 1").get(TIMEOUT_SECONDS, TimeUnit.SECONDS).rows())
                    .containsExactly(List.of("1"));

            server.close();

            // Sessions that held a backend lost its state with it: the proxy closes them.
            BoundedWait.until("the protocol client's session is closed", Duration.ofSeconds(10),
                    () -> !protocolHolder.channel().isActive());
            long started = System.nanoTime();
            assertThat(catchThrowable(() -> selectOne(jdbcHolder))).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

            assertNewClientIsToldTheBackendIsUnreachable();

            server = LocalMariaDb.start(options().withPort(port));

            BoundedWait.until("a new session runs a query after the restart", RECOVERY_TIMEOUT,
                    BackendRestartIntegrationTest::newSessionWorks);
            try (Connection after = connectJdbc()) {
                assertThat(selectOne(after)).isEqualTo(1);
            }
        } finally {
            protocolHolder.close();
            jdbcHolder.close();
        }
    }

    /** Logs in (the proxy authenticates by itself) and gets a 2003-style ERR at its first query. */
    private static void assertNewClientIsToldTheBackendIsUnreachable() throws Exception {
        try (MysqlClient client = connectProtocolClient()) {
            long started = System.nanoTime();
            Throwable thrown = catchThrowable(() -> client.query("SELECT 1").get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertThat(waited).isLessThan(ACQUIRE_TIMEOUT.plusSeconds(3));
            assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(MysqlServerException.class);
            MysqlServerException error = (MysqlServerException) thrown.getCause();
            assertThat(error.errorCode()).isEqualTo(2003);
            assertThat(error.getMessage()).contains("mybouncer cannot connect to the MySQL server at '127.0.0.1:")
                    .contains("Connection refused");
        }
        assertThatThrownBy(BackendRestartIntegrationTest::connectJdbc).isInstanceOf(SQLException.class)
                .hasStackTraceContaining("mybouncer cannot connect to the MySQL server");
    }

    private static boolean newSessionWorks() {
        try (MysqlClient client = connectProtocolClient()) {
            return client.query("SELECT 1").get(TIMEOUT_SECONDS, TimeUnit.SECONDS).rows().equals(List.of(List.of("1")));
        } catch (ExecutionException | CompletionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static MysqlClient connectProtocolClient() throws InterruptedException, ExecutionException,
            TimeoutException {
        return MysqlClient.connect(clientGroup, NettyTransport.NIO, new ServerAddress.Tcp(RunningProxy.HOST,
                proxy.port()), ClientOptions.of(USER, PASSWORD).withDatabase(SCHEMA)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A socket timeout bounds every read, should the proxy ever fail to answer. */
    private static Connection connectJdbc() throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, SCHEMA, USER, PASSWORD, "socketTimeout=15000");
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }
}
