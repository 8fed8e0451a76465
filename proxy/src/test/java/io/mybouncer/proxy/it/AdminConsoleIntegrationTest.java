package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN;
import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN_PASSWORD;
import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.QueryResult;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.log.LogLevel;
import io.mybouncer.proxy.log.Logging;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console of a proxy in front of the private MariaDB, used as an operator would: the
 * {@code mariadb} command-line client and MariaDB Connector/J on the database {@code mybouncer},
 * after real traffic through the proxy.
 */
@ExtendWith(TestBackendExtension.class)
class AdminConsoleIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path directory;
    private static TestBackend backend;
    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        BackendAccount account = BackendAccount.forProxy(backend);
        ConsoleConfigFile file = new ConsoleConfigFile(directory, backend, account).write("", """
                admin_users: [%s]
                pools:
                  size: 4
                  acquire_timeout: 30s
                  connect_timeout: 20s
                """.formatted(ADMIN));
        proxy = RunningProxy.start(file.source(), account);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A statement run by the admin with the {@code mariadb} client, which must succeed. */
    private static MariaDbCli.Result console(String sql) throws Exception {
        MariaDbCli.Result result = MariaDbCli.console(proxy, sql);
        assertThat(result.exitCode()).as("%s: %s", sql, result.output()).isZero();
        return result;
    }

    /** A pooled client of the test schema, named in its connect attributes so SHOW CLIENTS can find it. */
    private static Connection client(String program) throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(),
                "connectionAttributes=program_name:" + program);
    }

    /** The admin's own JDBC connection to the console. */
    private static Connection adminConnection(String extra) throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, "mybouncer", ADMIN, ADMIN_PASSWORD, extra);
    }

    private static Map<String, String> testPool(MariaDbCli.Result pools) {
        return pools.rows().stream()
                .filter(row -> row.get("user").equals(proxy.user()) && row.get("database").equals(TestBackend.SCHEMA))
                .findFirst().orElseThrow(() -> new AssertionError("no pool of the test schema: " + pools.output()));
    }

    private static Map<String, String> clientRow(String program) throws Exception {
        return console("SHOW CLIENTS").rows().stream().filter(row -> program.equals(row.get("program")))
                .findFirst().orElseThrow(() -> new AssertionError("no client " + program));
    }

    private static long connectionId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CONNECTION_ID()")) {
            result.next();
            return result.getLong(1);
        }
    }

    private static HttpResponse<String> ready() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.httpBase() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void showPoolsClientsAndServersCountTheConnectedClients() throws Exception {
        try (Connection first = client("admin-it-first"); Connection second = client("admin-it-second")) {
            // Session mode: each client holds a backend from its first command on.
            Set<String> serverIds = Set.of(String.valueOf(connectionId(first)), String.valueOf(connectionId(second)));

            // Clients of other tests may still be leaving.
            BoundedWait.until("two clients active in the test pool", WAIT, () -> {
                Map<String, String> pool = testPool(uncheckedConsole("SHOW POOLS"));
                return pool.get("cl_active").equals("2") && pool.get("sv_active").equals("2");
            });
            Map<String, String> pool = testPool(console("SHOW POOLS"));
            assertThat(pool).containsEntry("cl_waiting", "0").containsEntry("pool_mode", "session")
                    .containsEntry("pool_size", "4").containsEntry("paused", "no").containsEntry("maxwait_ms", "0");

            List<Map<String, String>> clients = console("SHOW CLIENTS").rows();
            assertThat(clients).filteredOn(row -> row.get("program").startsWith("admin-it-")).hasSize(2)
                    .allSatisfy(row -> assertThat(row).containsEntry("user", proxy.user())
                            .containsEntry("database", TestBackend.SCHEMA).containsEntry("state", "active")
                            .containsEntry("pins", "").containsEntry("client", "MariaDB Connector/J")
                            .containsEntry("tls", "no"))
                    .allSatisfy(row -> assertThat(row.get("address")).startsWith("127.0.0.1:"));
            // The console connection that asked is listed too, with the pid its libmariadb sent.
            assertThat(clients).filteredOn(row -> row.get("state").equals("console") && row.get("user").equals(ADMIN))
                    .isNotEmpty().allSatisfy(row -> {
                        assertThat(row).containsEntry("database", "mybouncer").containsEntry("program", "mysql");
                        assertThat(row.get("pid")).matches("\\d+");
                    });

            List<Map<String, String>> servers = console("SHOW SERVERS").rows();
            assertThat(servers).filteredOn(row -> row.get("state").equals("active"))
                    .extracting(row -> row.get("server_id")).containsExactlyInAnyOrderElementsOf(serverIds);
            assertThat(servers).allSatisfy(row -> assertThat(row.get("connected_at")).matches("\\d{4}-.*Z"));
        }
    }

    /** {@link #console} where an exception cannot be thrown (conditions of waits). */
    private static MariaDbCli.Result uncheckedConsole(String sql) {
        try {
            return console(sql);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void showStatsCountsTheTraffic() throws Exception {
        Map<String, String> before = console("SHOW STATS").rows().get(0);
        try (Connection connection = client("admin-it-stats"); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                statement.executeQuery("SELECT " + i).close();
            }
        }
        Map<String, String> after = console("SHOW STATS").rows().get(0);

        for (String counter : List.of("queries", "transactions")) {
            assertThat(Long.parseLong(after.get(counter))).as(counter)
                    .isGreaterThanOrEqualTo(Long.parseLong(before.get(counter)) + 3);
        }
        for (String counter : List.of("received_bytes", "sent_bytes", "query_time_us")) {
            assertThat(Long.parseLong(after.get(counter))).as(counter)
                    .isGreaterThan(Long.parseLong(before.get(counter)));
        }
        assertThat(after).containsEntry("config_generation", "1").containsEntry("fork_hazards", "0");
        assertThat(Long.parseLong(after.get("backend_connects"))).isPositive();
    }

    @Test
    void showConfigMasksSecretsAndSaysHowEachSettingChanges() throws Exception {
        MariaDbCli.Result config = console("show config;");
        Map<String, Map<String, String>> byKey = config.rows().stream()
                .collect(Collectors.toMap(row -> row.get("key"), row -> row));

        assertThat(byKey.get("pools.size")).containsEntry("value", "4").containsEntry("changed_by", "reload");
        assertThat(byKey.get("pools.mode")).containsEntry("value", "session").containsEntry("changed_by", "restart");
        assertThat(byKey.get("listeners").get("changed_by")).isEqualTo("restart");
        assertThat(byKey.get("admin_users")).containsEntry("value", ADMIN);
        assertThat(byKey.get("users." + ADMIN)).containsEntry("value", "password ***");
        assertThat(byKey.get("log_level")).containsEntry("changed_by", "SET log_level");
        assertThat(config.output()).doesNotContain(ADMIN_PASSWORD).doesNotContain(proxy.password());
    }

    @Test
    void showVersionHelpAndTheVersionComment() throws Exception {
        Map<String, String> version = console("SHOW VERSION").rows().get(0);
        assertThat(version.get("version")).startsWith("mybouncer ");
        assertThat(version.get("backend_version")).contains("MariaDB");

        // What the interactive client asks at connect, for its banner.
        assertThat(console("select @@version_comment limit 1").rows()).singleElement()
                .satisfies(row -> assertThat(row.get("@@version_comment")).endsWith("admin console"));
        assertThat(console("SHOW HELP").rows()).extracting(row -> row.get("command")).contains("SHOW POOLS",
                "SHOW CLIENTS", "SHOW SERVERS", "SHOW STATS", "SHOW CONFIG", "SHOW VERSION", "PAUSE", "RESUME",
                "RELOAD", "KILL client_id", "SHUTDOWN", "SET log_level = debug|info|warn|error");
    }

    @Test
    void aUserNotInAdminUsersGets1227ForEveryCommand() throws Exception {
        for (String sql : List.of("SHOW POOLS", "SHOW CLIENTS", "SHOW CONFIG", "PAUSE", "KILL 1", "RELOAD",
                "SHUTDOWN", "SET log_level = debug", "SELECT @@version_comment")) {
            MariaDbCli.Result refused = MariaDbCli.tcp(proxy, proxy.user(), proxy.password(), sql, "mybouncer");
            assertThat(refused.exitCode()).as(sql).isOne();
            assertThat(refused.output()).as(sql).contains("ERROR 1227 (42000)")
                    .contains("user '" + proxy.user() + "' is not in admin_users");
        }
        // MariaDB Connector/J sends a command of its own at connect, which is refused already.
        Throwable refused = catchThrowable(() -> JdbcClient.MARIADB.connect(proxy, "mybouncer", proxy.user(),
                proxy.password(), "").close());
        assertThat(refused).isInstanceOf(SQLException.class);
        assertMysqlError(refused.getCause(), 1227, "42000", "is not in admin_users");
        // Nothing it sent had an effect.
        assertThat(proxy.server().accepting()).isTrue();
        assertThat(testPoolOrNone()).doesNotContainEntry("paused", "yes");
    }

    private static Map<String, String> testPoolOrNone() throws Exception {
        return console("SHOW POOLS").rows().stream().filter(row -> row.get("user").equals(proxy.user()))
                .findFirst().orElse(Map.of());
    }

    @Test
    void mariaDbConnectorJUsesTheConsole() throws Exception {
        try (Connection admin = adminConnection(""); Statement statement = admin.createStatement()) {
            assertThat(admin.isValid(5)).isTrue();
            try (ResultSet pools = statement.executeQuery("SHOW POOLS")) {
                ResultSetMetaData columns = pools.getMetaData();
                assertThat(columns.getColumnName(1)).isEqualTo("pool");
                assertThat(columns.getColumnName(4)).isEqualTo("cl_active");
                while (pools.next()) {
                    assertThat(pools.getInt("pool_size")).isEqualTo(4);
                }
            }
            try (ResultSet comment = statement.executeQuery("SELECT @@version_comment LIMIT 1")) {
                assertThat(comment.next()).isTrue();
                assertThat(comment.getString(1)).startsWith("mybouncer").endsWith("admin console");
            }
            statement.execute("SET NAMES utf8mb4");
            assertMysqlError(() -> admin.setCatalog(TestBackend.SCHEMA), 1049, "42000", "only the database mybouncer");
            assertMysqlError(() -> statement.executeQuery("SELECT * FROM t"), 1064, "42000", "no tables");
        }
    }

    @Test
    void mysqlConnectorJUsesTheConsole() throws Exception {
        try (Connection admin = JdbcClient.MYSQL_CLIENT_PREPARED.connect(proxy, "mybouncer", ADMIN, ADMIN_PASSWORD, "");
                Statement statement = admin.createStatement();
                ResultSet stats = statement.executeQuery("SHOW STATS")) {
            assertThat(stats.next()).isTrue();
            assertThat(stats.getLong("config_generation")).isEqualTo(1);
            assertThat(admin.isValid(5)).isTrue();
        }
    }

    @Test
    void resultSetsAreFramedForClientsWithAndWithoutDeprecateEofAndOtherCommandsAreRefused() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
        try {
            for (boolean deprecateEof : new boolean[] {true, false}) {
                ClientOptions options = ClientOptions.of(ADMIN, ADMIN_PASSWORD).withDatabase("mybouncer")
                        .withDeprecateEof(deprecateEof);
                try (MysqlClient admin = MysqlClient.connect(group, NettyTransport.NIO,
                        new ServerAddress.Tcp(RunningProxy.HOST, proxy.port()), options).get(20, TimeUnit.SECONDS)) {
                    assertThat(admin.session().capabilities().deprecateEof()).isEqualTo(deprecateEof);
                    QueryResult help = admin.query("SHOW HELP").get(20, TimeUnit.SECONDS);
                    assertThat(help.rows()).contains(List.of("PAUSE",
                            "stop handing out backends (clients that hold one keep it)"));
                    QueryResult warnings = admin.query("SHOW WARNINGS").get(20, TimeUnit.SECONDS);
                    assertThat(warnings.rows()).isEmpty();
                    admin.ping().get(20, TimeUnit.SECONDS);
                    assertMysqlError(catchThrowable(() -> admin.prepare("SHOW POOLS").get(20, TimeUnit.SECONDS)),
                            1235, "42000", "does not answer COM_STMT_PREPARE");
                    // The connection goes on after a refusal.
                    assertThat(admin.query("SELECT 1").get(20, TimeUnit.SECONDS).rows()).containsExactly(List.of("1"));
                }
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void killClosesTheNamedClient() throws Exception {
        try (Connection victim = client("admin-it-kill"); Connection bystander = client("admin-it-bystander")) {
            connectionId(victim);
            connectionId(bystander);
            String id = clientRow("admin-it-kill").get("id");

            assertThat(console("KILL " + id).output()).isEmpty();

            BoundedWait.until("the killed client is gone", WAIT, () -> uncheckedConsole("SHOW CLIENTS").rows()
                    .stream().noneMatch(row -> row.get("id").equals(id)));
            assertThat(victim.isValid(5)).isFalse();
            assertThat(bystander.isValid(5)).isTrue();
        }
        MariaDbCli.Result unknown = MariaDbCli.console(proxy, "KILL 999999");
        assertThat(unknown.output()).contains("ERROR 1094 (HY000)").contains("Unknown client id: 999999");
    }

    @Test
    void pauseMakesANewClientWaitAndResumeLetsItThrough() throws Exception {
        try (Connection admin = adminConnection(""); Statement console = admin.createStatement();
                Connection holder = client("admin-it-holder")) {
            connectionId(holder);
            console.execute("PAUSE");
            CompletableFuture<Long> waiting = new CompletableFuture<>();
            try {
                assertThat(ready().statusCode()).isEqualTo(503);
                assertThat(ready().body()).contains("paused");
                // A newcomer logs in (no backend needed for that), but its first command waits.
                Thread query = new Thread(() -> {
                    try (Connection newcomer = client("admin-it-newcomer")) {
                        waiting.complete(connectionId(newcomer));
                    } catch (SQLException e) {
                        waiting.completeExceptionally(e);
                    }
                });
                query.start();
                BoundedWait.until("the newcomer waits in the pool", WAIT,
                        () -> "1".equals(testPoolOrNoneUnchecked().get("cl_waiting")));
                assertThat(testPoolOrNone()).containsEntry("paused", "yes");
                // A client that holds a backend keeps it, and is served.
                assertThat(connectionId(holder)).isPositive();
                assertThat(waiting).isNotDone();
            } finally {
                console.execute("RESUME");
            }
            assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
            assertThat(ready().statusCode()).isEqualTo(200);
            assertThat(testPoolOrNone()).containsEntry("paused", "no").containsEntry("cl_waiting", "0");
        }
    }

    private static Map<String, String> testPoolOrNoneUnchecked() {
        try {
            return testPoolOrNone();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void setLogLevelChangesTheLevelWhileRunning() throws Exception {
        LogLevel before = Logging.level();
        try {
            console("SET log_level = debug");
            assertThat(Logging.level()).isEqualTo(LogLevel.DEBUG);
            console("set LOG_LEVEL='warn';");
            assertThat(Logging.level()).isEqualTo(LogLevel.WARN);
            assertThat(console("SHOW CONFIG").rows()).contains(Map.of("key", "log_level", "value", "warn",
                    "changed_by", "SET log_level"));

            MariaDbCli.Result wrong = MariaDbCli.console(proxy, "SET log_level = loud");
            assertThat(wrong.output()).contains("ERROR 1231 (42000)")
                    .contains("Variable 'log_level' can't be set to the value of 'loud'");
            assertThat(Logging.level()).isEqualTo(LogLevel.WARN);
        } finally {
            Logging.setLevel(before);
        }
    }

    @Test
    void unknownCommandsAndOtherDatabasesGetClearErrors() throws Exception {
        MariaDbCli.Result unknown = MariaDbCli.console(proxy, "SHOW TABLES");
        assertThat(unknown.exitCode()).isOne();
        assertThat(unknown.output()).contains("ERROR 1064 (42000)").contains("unknown command 'SHOW TABLES'")
                .contains("SHOW HELP");
        MariaDbCli.Result extra = MariaDbCli.console(proxy, "SHOW POOLS now");
        assertThat(extra.output()).contains("ERROR 1064 (42000)").contains("'now' after SHOW POOLS");
        MariaDbCli.Result elsewhere = MariaDbCli.console(proxy, "USE " + TestBackend.SCHEMA);
        assertThat(elsewhere.output()).contains("ERROR 1049 (42000)");
    }
}
