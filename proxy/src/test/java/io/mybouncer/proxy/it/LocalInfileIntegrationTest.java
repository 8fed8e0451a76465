package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
@ExtendWith(TestBackendExtension.class)
class LocalInfileIntegrationTest {
    private static final int ROWS = 5000;

    @TempDir
    static Path directory;
    private static Path file;
    private static TestBackend backend;
    private static RunningProxy enabled;
    private static RunningProxy disabled;

    @BeforeAll
    static void startProxies(TestBackend testBackend) throws Exception {
        backend = testBackend;
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
        try (Connection connection = client.connect(enabled, TestBackend.SCHEMA, backend.user(), backend.password(),
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
        try (Connection connection = client.connect(disabled, TestBackend.SCHEMA, backend.user(), backend.password(),
                allowLocalInfile(client)); Statement statement = connection.createStatement()) {
            String table = freshTable(statement, client);

            Throwable refused = catchThrowable(() -> statement.executeUpdate(load(table)));

            assertThat(refused).isInstanceOf(SQLException.class);
            assertThat(((SQLException) refused).getErrorCode()).as(refused.toString()).isIn(1148, 4166);
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
