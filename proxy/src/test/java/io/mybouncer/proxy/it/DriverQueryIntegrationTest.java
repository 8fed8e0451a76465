package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What applications do through a JDBC driver, through the proxy in session mode, once per driver
 * ({@link JdbcClient}): queries, prepared statements, transactions, a procedure returning several
 * result sets, a BLOB larger than one wire packet, an error followed by more work on the same
 * connection, 4-byte UTF-8, USE and ping.
 */
@ExtendWith(ScenarioBackendExtension.class)
class DriverQueryIntegrationTest {
    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Connection connect(JdbcClient client) throws SQLException {
        return connect(client, "");
    }

    private static Connection connect(JdbcClient client, String extra) throws SQLException {
        return client.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(), extra);
    }

    /** A fresh table for one test and driver, so drivers and tests never see each other's rows. */
    private static String freshTable(Connection connection, String name, JdbcClient client, String columns)
            throws SQLException {
        String table = name + "_" + client.name().toLowerCase();
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute("CREATE TABLE " + table + " (" + columns + ") ENGINE=InnoDB");
        }
        return table;
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void runsQueriesAndReportsUpdateCounts(JdbcClient client) throws SQLException {
        try (Connection connection = connect(client); Statement statement = connection.createStatement()) {
            String table = freshTable(connection, "queries", client, "id INT PRIMARY KEY, name VARCHAR(20)");

            assertThat(statement.executeUpdate("INSERT INTO " + table + " VALUES (1, 'one'), (2, 'two'), (3, 'three')"))
                    .isEqualTo(3);
            assertThat(statement.executeUpdate("UPDATE " + table + " SET name = UPPER(name) WHERE id >= 2"))
                    .isEqualTo(2);
            try (ResultSet rows = statement.executeQuery("SELECT id, name FROM " + table + " ORDER BY id")) {
                assertThat(rowsOf(rows)).containsExactly("1:one", "2:TWO", "3:THREE");
            }
            try (ResultSet empty = statement.executeQuery("SELECT id FROM " + table + " WHERE id > 100")) {
                assertThat(empty.next()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void runsPreparedStatementsRepeatedly(JdbcClient client) throws SQLException {
        try (Connection connection = connect(client)) {
            String table = freshTable(connection, "prepared", client, "id INT PRIMARY KEY, amount DECIMAL(10,2), "
                    + "note VARCHAR(40) NULL");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
                for (int id = 1; id <= 5; id++) {
                    insert.setInt(1, id);
                    insert.setBigDecimal(2, new BigDecimal(id + ".25"));
                    insert.setString(3, id % 2 == 0 ? null : "note " + id);
                    assertThat(insert.executeUpdate()).isEqualTo(1);
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, amount, note FROM " + table + " WHERE id BETWEEN ? AND ? ORDER BY id")) {
                select.setInt(1, 2);
                select.setInt(2, 3);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getBigDecimal(2)).isEqualByComparingTo("2.25");
                    assertThat(rows.getString(3)).isNull();
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(3)).isEqualTo("note 3");
                    assertThat(rows.next()).isFalse();
                }
                select.setInt(1, 5);
                select.setInt(2, 9);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rowsOf(rows)).containsExactly("5:5.25:note 5");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void commitIsSeenByOthersAndRollbackIsNot(JdbcClient client) throws SQLException {
        try (Connection writer = connect(client); Connection reader = connect(client)) {
            String table = freshTable(writer, "tx", client, "id INT PRIMARY KEY");
            writer.setAutoCommit(false);
            try (Statement statement = writer.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + " VALUES (1)");
                assertThat(count(reader, table)).as("uncommitted row seen by another session").isZero();
                writer.commit();
                assertThat(count(reader, table)).isEqualTo(1);

                statement.executeUpdate("INSERT INTO " + table + " VALUES (2)");
                assertThat(count(writer, table)).as("own uncommitted row").isEqualTo(2);
                writer.rollback();
            }
            writer.setAutoCommit(true);
            assertThat(count(reader, table)).isEqualTo(1);
            assertThat(count(writer, table)).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void readsEveryResultSetOfAProcedure(JdbcClient client) throws SQLException {
        try (Connection connection = connect(client)) {
            String procedure = "three_results_" + client.name().toLowerCase();
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP PROCEDURE IF EXISTS " + procedure);
                statement.execute("CREATE PROCEDURE " + procedure + "(IN n INT) BEGIN "
                        + "SELECT n AS first; SELECT n + 1 AS a, 'x' AS b UNION ALL SELECT n + 2, 'y'; "
                        + "SELECT 'last' AS third; END");
            }
            List<String> seen = new ArrayList<>();
            try (CallableStatement call = connection.prepareCall("{CALL " + procedure + "(?)}")) {
                call.setInt(1, 10);
                boolean isResultSet = call.execute();
                while (isResultSet || call.getUpdateCount() != -1) {
                    if (isResultSet) {
                        try (ResultSet rows = call.getResultSet()) {
                            seen.add(String.join(",", rowsOf(rows)));
                        }
                    }
                    isResultSet = call.getMoreResults();
                }
            }
            assertThat(seen).containsExactly("10", "11:x,12:y", "last");
            // The connection is usable after the procedure's final OK.
            assertThat(count(connection, "information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                    + TestBackend.SCHEMA + "'")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void roundTripsABlobLargerThanOnePacket(JdbcClient client) throws Exception {
        // 20 MiB: more than one 16 MiB wire packet in both directions.
        byte[] blob = new byte[20 << 20];
        new Random(42).nextBytes(blob);
        try (Connection connection = connect(client)) {
            String table = freshTable(connection, "blobs", client, "id INT PRIMARY KEY, data LONGBLOB");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (1, ?)")) {
                insert.setBytes(1, blob);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT data, LENGTH(data) FROM " + table)) {
                assertThat(rows.next()).isTrue();
                byte[] read = rows.getBytes(1);
                assertThat(rows.getLong(2)).isEqualTo(blob.length);
                assertThat(sha256(read)).isEqualTo(sha256(blob));
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + table);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void keepsWorkingAfterAnError(JdbcClient client) throws SQLException {
        try (Connection connection = connect(client)) {
            String table = freshTable(connection, "after_error", client, "id INT PRIMARY KEY");
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + " VALUES (1)");

                assertMysqlError(() -> statement.executeQuery("SELECT * FROM no_such_table_here"),
                        1146, "42S02", "no_such_table_here");
                assertMysqlError(() -> statement.executeUpdate("INSERT INTO " + table + " VALUES (1)"),
                        1062, "23000", "Duplicate entry '1'");
                assertMysqlError(() -> statement.execute("SELEC 1"), 1064, "42000", "SQL syntax");

                statement.executeUpdate("INSERT INTO " + table + " VALUES (2)");
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + table
                    + " WHERE id > ?")) {
                select.setInt(1, 0);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getInt(1)).isEqualTo(2);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void roundTripsFourByteUtf8(JdbcClient client) throws SQLException {
        String text = "caf\u00e9 \uD83D\uDE80 \u4E2D\u6587 \uD83D\uDC4D\uD83C\uDFFD";
        try (Connection connection = connect(client)) {
            String table = freshTable(connection, "utf8mb4", client,
                    "id INT PRIMARY KEY, text VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, text);
                insert.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO " + table + " VALUES (2, '" + text + "')");
                try (ResultSet rows = statement.executeQuery("SELECT text, CHAR_LENGTH(text), "
                        + "text = '" + text + "' FROM " + table + " ORDER BY id")) {
                    for (int row = 1; row <= 2; row++) {
                        assertThat(rows.next()).isTrue();
                        assertThat(rows.getString(1)).isEqualTo(text);
                        assertThat(rows.getInt(2)).isEqualTo(text.codePointCount(0, text.length()));
                        assertThat(rows.getBoolean(3)).isTrue();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void switchesSchemas(JdbcClient client) throws SQLException {
        try (Connection connection = client.connect(proxy, "", proxy.user(), proxy.password(), "")) {
            statementIn(connection, "USE " + TestBackend.SCHEMA);
            assertThat(currentSchema(connection)).isEqualTo(TestBackend.SCHEMA);

            connection.setCatalog("information_schema");
            assertThat(currentSchema(connection)).isEqualTo("information_schema");

            assertMysqlError(() -> statementIn(connection, "USE no_such_schema_here"), 1044, "42000",
                    "no_such_schema_here");
            assertThat(currentSchema(connection)).isEqualTo("information_schema");
        }
    }

    @ParameterizedTest
    @EnumSource(JdbcClient.class)
    void answersPings(JdbcClient client) throws SQLException {
        try (Connection connection = connect(client)) {
            assertThat(connection.isValid(5)).isTrue();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    /**
     * A new statement each time: Connector/J statements remember the schema current at their
     * creation and switch back to it before executing.
     */
    private static String currentSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT DATABASE()")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static void statementIn(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int count(Connection connection, String from) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + from)) {
            assertThat(rows.next()).isTrue();
            return rows.getInt(1);
        }
    }

    /** Each row as its columns joined by ':'. */
    private static List<String> rowsOf(ResultSet rows) throws SQLException {
        List<String> out = new ArrayList<>();
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            List<String> values = new ArrayList<>();
            for (int column = 1; column <= columns; column++) {
                values.add(rows.getString(column));
            }
            out.add(String.join(":", values));
        }
        return out;
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
