package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mariadb} command-line client (libmariadb) through the proxy: its printed output and
 * its exit status, over TCP, TLS and the Unix socket.
 */
@ExtendWith(ScenarioBackendExtension.class)
class CommandLineClientIntegrationTest {
    private static final String PROCEDURE = "cli_two_results";

    @TempDir
    static Path directory;
    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        proxy = RunningProxy.start(backend,
                RunningProxy.Settings.defaults().withUnixSocket(directory.resolve("mybouncer.sock")));
        try (Connection connection = backend.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP PROCEDURE IF EXISTS " + PROCEDURE);
            statement.execute("CREATE PROCEDURE " + PROCEDURE + "() BEGIN SELECT 'first' AS a; "
                    + "SELECT 'second' AS b; END");
        }
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static MariaDbCli.Result run(String sql, String... extra) throws Exception {
        return MariaDbCli.tcp(proxy, proxy.user(), proxy.password(), sql, extra);
    }

    @Test
    void printsQueryResults() throws Exception {
        MariaDbCli.Result result = run("SELECT 6 * 7 AS answer; SELECT 'caf\u00e9 \uD83D\uDE80' AS text",
                "-D" + TestBackend.SCHEMA, "--default-character-set=utf8mb4");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("answer\n42\ntext\ncaf\u00e9 \uD83D\uDE80\n");
    }

    @Test
    void printsEveryResultSetOfAProcedure() throws Exception {
        MariaDbCli.Result result = run("CALL " + PROCEDURE + "(); SELECT 'after' AS c", "-D" + TestBackend.SCHEMA);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).isEqualTo("a\nfirst\nb\nsecond\nc\nafter\n");
    }

    @Test
    void exitsWithTheServersErrorAndStopsThere() throws Exception {
        MariaDbCli.Result result = run("SELECT 1 AS before_error; SELECT * FROM no_such_table; SELECT 2",
                "-D" + TestBackend.SCHEMA);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).startsWith("before_error\n1\n")
                .contains("ERROR 1146 (42S02) at line 1: Table 'mybouncer_test.no_such_table' doesn't exist")
                .doesNotContain("\n2\n");
    }

    @Test
    void connectsOverTls() throws Exception {
        MariaDbCli.Result result = run("status", "--ssl");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).containsPattern("SSL:\\s+Cipher in use is \\S+");
    }

    @Test
    void connectsOverTheUnixSocket() throws Exception {
        MariaDbCli.Result query = overTheSocket("SELECT 'over the socket' AS via");
        MariaDbCli.Result status = overTheSocket("status");

        assertThat(query.exitCode()).as(query.output()).isZero();
        assertThat(query.output()).isEqualTo("via\nover the socket\n");
        assertThat(status.output()).contains("Localhost via UNIX socket");
    }

    private static MariaDbCli.Result overTheSocket(String sql) throws Exception {
        return MariaDbCli.run(List.of("--socket=" + proxy.unixSocket(), "-u" + proxy.user(), "-p" + proxy.password(),
                "-e", sql));
    }

    @Test
    void showsAccessDeniedForAWrongPasswordAndServesOthers() throws Exception {
        MariaDbCli.Result denied = MariaDbCli.tcp(proxy, proxy.user(), "not-the-password", "SELECT 1");

        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.output()).contains("ERROR 1045 (28000): Access denied for user '" + proxy.user()
                + "'@'127.0.0.1' (using password: YES)");
        assertThat(run("SELECT 'served' AS next").output()).isEqualTo("next\nserved\n");
    }
}
