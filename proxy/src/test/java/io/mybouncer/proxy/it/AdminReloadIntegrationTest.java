package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN;
import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELOAD from the admin console, with the {@code mariadb} client, against a proxy started from a
 * file: a larger pool serves a client that was waiting, a new user logs in, a connected client keeps
 * its backend, a change that needs a restart is named, and a broken file changes nothing.
 */
@ExtendWith(TestBackendExtension.class)
class AdminReloadIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String NEW_USER = "mybouncer_reloaded";
    private static final String NEW_PASSWORD = "reloaded-password";
    private static final String POOLS = """
            admin_users: [%s]
            pools:
              size: %d
              acquire_timeout: 30s
              connect_timeout: 20s
            """;

    @TempDir
    static Path directory;
    private static TestBackend backend;
    private static ConsoleConfigFile file;
    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        try (Connection root = backend.connectAsAdmin(); Statement statement = root.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS '" + NEW_USER + "'@'%' IDENTIFIED BY '" + NEW_PASSWORD + "'");
            statement.execute("GRANT ALL PRIVILEGES ON " + TestBackend.SCHEMA + ".* TO '" + NEW_USER + "'@'%'");
        }
        BackendAccount account = BackendAccount.forProxy(backend);
        file = new ConsoleConfigFile(directory, backend, account).write("", POOLS.formatted(ADMIN, 1));
        proxy = RunningProxy.start(file.source(), account);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Connection client(String user, String password) throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, user, password, "");
    }

    private static long connectionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CONNECTION_ID()")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Map<String, String> config() throws Exception {
        return MariaDbCli.console(proxy, "SHOW CONFIG").rows().stream()
                .collect(Collectors.toMap(row -> row.get("key"), row -> row.get("value")));
    }

    private static double configGeneration() throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(proxy.httpBase() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return PrometheusText.parse(metrics.body()).value("mybouncer_config_generation");
    }

    @Test
    void reloadTakesEffectWithoutDroppingClientsAndNamesWhatNeedsARestart() throws Exception {
        assertMysqlError(() -> client(NEW_USER, NEW_PASSWORD).close(), 1045, "28000", NEW_USER);
        try (Connection holder = client(proxy.user(), proxy.password())) {
            long backendOfHolder = connectionId(holder);
            // The pool's one backend is taken: a second client waits for it.
            CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
                try (Connection second = client(proxy.user(), proxy.password())) {
                    return connectionId(second);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            BoundedWait.until("a second client waits for the pool of one", WAIT, () -> proxy.pools().stream()
                    .anyMatch(pool -> pool.waiting() == 1));

            file.write("""
                      - name: %s
                        password: %s
                    """.formatted(NEW_USER, NEW_PASSWORD), POOLS.formatted(ADMIN, 3) + """
                    fork_safety: log
                    clients:
                      login_timeout: 5s
                    """);
            MariaDbCli.Result reload = MariaDbCli.console(proxy, "RELOAD");

            assertThat(reload.exitCode()).as(reload.output()).isZero();
            assertThat(reload.rows()).containsExactlyInAnyOrder(
                    Map.of("setting", "users." + NEW_USER, "value", "password ***", "applied", "yes"),
                    Map.of("setting", "pools.size", "value", "3", "applied", "yes"),
                    Map.of("setting", "clients.login_timeout", "value", "5s", "applied", "yes"),
                    Map.of("setting", "fork_safety", "value", "log", "applied", "no: needs a restart"));
            assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive().isNotEqualTo(backendOfHolder);
            assertThat(connectionId(holder)).as("the connected client keeps its backend").isEqualTo(backendOfHolder);
            try (Connection newcomer = client(NEW_USER, NEW_PASSWORD)) {
                assertThat(connectionId(newcomer)).isPositive();
            }
            assertThat(config()).containsEntry("pools.size", "3").containsEntry("fork_safety", "reject")
                    .containsEntry("clients.login_timeout", "5s");
            assertThat(configGeneration()).isEqualTo(2);
            assertThat(MariaDbCli.console(proxy, "SHOW STATS").rows().get(0)).containsEntry("config_generation", "2");
        }
    }

    @Test
    void aFileThatCannotBeUsedChangesNothing() throws Exception {
        Map<String, String> before = config();
        double generation = configGeneration();
        try {
            file.write("", POOLS.formatted(ADMIN, 1) + "fork_safety: sometimes\n");
            MariaDbCli.Result broken = MariaDbCli.console(proxy, "RELOAD");
            assertThat(broken.exitCode()).isOne();
            assertThat(broken.output()).contains("ERROR 1105 (HY000)").contains("RELOAD refused")
                    .contains("fork_safety: sometimes");

            file.write("", POOLS.formatted("nobody", 1));
            assertThat(MariaDbCli.console(proxy, "RELOAD").output()).contains("ERROR 1105 (HY000)")
                    .contains("admin_users[0]: nobody");

            assertThat(config()).isEqualTo(before);
            assertThat(configGeneration()).isEqualTo(generation);
        } finally {
            file.write("", POOLS.formatted(ADMIN, Integer.parseInt(before.get("pools.size"))));
        }
    }
}
