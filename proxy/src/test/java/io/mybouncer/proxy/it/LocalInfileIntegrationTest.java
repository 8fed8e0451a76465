package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LOAD DATA LOCAL INFILE through the proxy: relayed when {@code clients.local_infile} is on (the
 * server asks the client for the file in the middle of the response), refused with an ERR when it
 * is off, and the connection stays usable either way.
 */
@ExtendWith(ScenarioBackendExtension.class)
class LocalInfileIntegrationTest {
    private static final int ROWS = 5000;

    @TempDir
    static Path directory;
    private static Path file;
    /**
     * What a backend session without CLIENT_LOCAL_FILES answers LOCAL INFILE with: MariaDB's
     * ER_NOT_ALLOWED_COMMAND or ER_LOAD_INFILE_CAPABILITY_DISABLED, MySQL's ER_CLIENT_LOCAL_FILES_DISABLED.
     */
    private static List<Integer> refusalCodes;
    private static RunningProxy enabled;
    private static RunningProxy disabled;

    @BeforeAll
    static void startProxies(TestBackend backend) throws Exception {
        refusalCodes = backend.isMariaDb() ? List.of(1148, 4166) : List.of(3948);
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",name ").append(i).append('\n');
        }
        file = Files.writeString(directory.resolve("rows.csv"), csv, StandardCharsets.UTF_8);
        enabled = RunningProxy.start(backend, RunningProxy.Settings.defaults().withLocalInfile(true));
        disabled = RunningProxy.start(backend, RunningProxy.Settings.defaults());
    }

    @AfterAll
    static void stopProxies() {
        if (enabled != null) {
            enabled.close();
        }
        if (disabled != null) {
            disabled.close();
        }
    }

    private static String allowLocalInfile(JdbcClient client) {
        return client.isMysqlConnector() ? "allowLoadLocalInfile=true" : "allowLocalInfile=true";
    }

    private static String load(String table) {
        return "LOAD DATA LOCAL INFILE '" + file + "' INTO TABLE " + table + " FIELDS TERMINATED BY ','";
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void loadsALocalFileWhenEnabled(JdbcClient client) throws SQLException {
        try (Connection connection = client.connect(enabled, TestBackend.SCHEMA, enabled.user(), enabled.password(),
                allowLocalInfile(client)); Statement statement = connection.createStatement()) {
            String table = freshTable(statement, client);

            assertThat(statement.executeUpdate(load(table))).isEqualTo(ROWS);

            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), MAX(id), MIN(name) FROM " + table)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(ROWS);
                assertThat(rows.getInt(2)).isEqualTo(ROWS);
                assertThat(rows.getString(3)).isEqualTo("name 1");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void refusesLocalFilesWhenDisabledAndStaysUsable(JdbcClient client) throws SQLException {
        try (Connection connection = client.connect(disabled, TestBackend.SCHEMA, disabled.user(), disabled.password(),
                allowLocalInfile(client)); Statement statement = connection.createStatement()) {
            String table = freshTable(statement, client);

            Throwable refused = catchThrowable(() -> statement.executeUpdate(load(table)));

            assertThat(refused).isInstanceOf(SQLException.class);
            assertThat(((SQLException) refused).getErrorCode()).as(refused.toString()).isIn(refusalCodes);
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isZero();
            }
        }
    }

    private static String freshTable(Statement statement, JdbcClient client) throws SQLException {
        String table = "infile_" + client.name().toLowerCase();
        statement.execute("DROP TABLE IF EXISTS " + table);
        statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
        return table;
    }
}
