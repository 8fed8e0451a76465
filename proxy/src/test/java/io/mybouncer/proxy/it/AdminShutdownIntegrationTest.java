package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN;
import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SHUTDOWN from the admin console, on an in-process proxy per test: the listener closes at once, an
 * idle client is closed, a client in a transaction may finish it (its commit is kept) and is closed
 * after, and one that does not finish is closed when {@code shutdown_timeout} is up, its transaction
 * rolled back by the server.
 */
@ExtendWith(TestBackendExtension.class)
class AdminShutdownIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TABLE = "admin_shutdown_t";

    @TempDir
    Path directory;
    private static TestBackend backend;
    private RunningProxy proxy;

    @BeforeAll
    static void createTable(TestBackend testBackend) throws SQLException {
        backend = testBackend;
        try (Connection connection = backend.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY) ENGINE=InnoDB");
        }
    }

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void startProxy(String shutdownTimeout) throws Exception {
        BackendAccount account = BackendAccount.forProxy(backend);
        ConsoleConfigFile file = new ConsoleConfigFile(directory, backend, account).write("", """
                admin_users: [%s]
                shutdown_timeout: %s
                pools:
                  acquire_timeout: 30s
                  connect_timeout: 20s
                """.formatted(ADMIN, shutdownTimeout));
        proxy = RunningProxy.start(file.source(), account);
        try (Connection connection = backend.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + TABLE);
        }
    }

    private Connection client() throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(), "");
    }

    /** A client with a transaction open: autocommit off and a row inserted. */
    private Connection inTransaction(int id) throws SQLException {
        Connection connection = client();
        connection.setAutoCommit(false);
        insert(connection, id);
        return connection;
    }

    private static void insert(Connection connection, int id) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + id + ")");
        }
    }

    private void shutdown() throws SQLException {
        try (Connection admin = JdbcClient.MARIADB.connect(proxy, "mybouncer", ADMIN, ADMIN_PASSWORD, "");
                Statement statement = admin.createStatement()) {
            statement.execute("SHUTDOWN");
        }
    }

    private static long committedRows() throws SQLException {
        try (Connection connection = backend.connect(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            count.next();
            return count.getLong(1);
        }
    }

    private void assertListenerClosed() throws Exception {
        BoundedWait.until("the listener is closed", WAIT, () -> !proxy.server().accepting());
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(RunningProxy.HOST, proxy.port()), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void idleClientsCloseAtOnceAndAClientInATransactionMayFinishIt() throws Exception {
        startProxy("30s");
        try (Connection idle = client(); Connection busy = inTransaction(1)) {
            assertThat(idle.isValid(5)).isTrue();

            shutdown();

            assertListenerClosed();
            BoundedWait.until("the idle client is closed", WAIT, () -> !valid(idle));
            assertThat(proxy.server().whenClosed()).isNotDone();
            insert(busy, 2);
            busy.commit();
            BoundedWait.until("the client that committed is closed", WAIT, () -> !valid(busy));
            proxy.server().whenClosed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(committedRows()).isEqualTo(2);
    }

    @Test
    void aClientStillInATransactionIsClosedWhenTheTimeoutIsUp() throws Exception {
        startProxy("1s");
        try (Connection busy = inTransaction(1)) {
            shutdown();

            assertListenerClosed();
            proxy.server().whenClosed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(valid(busy)).isFalse();
        }
        assertThat(committedRows()).as("the open transaction was rolled back").isZero();
    }

    /** Whether the connection still answers; a closed one fails fast. */
    private static boolean valid(Connection connection) {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
