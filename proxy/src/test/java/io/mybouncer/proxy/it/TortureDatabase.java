package io.mybouncer.proxy.it;

import io.mybouncer.protocol.testing.TestBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the torture test needs on the backend, made fresh for each run: an account of its own (so
 * the backend's process list tells the proxy's connections apart from every other), four schemas
 * with the same tables, and what the server reads back for each session setting the clients use
 * ({@code SET sql_mode = 'ANSI'} reads back as a list of flags that depends on the server version).
 *
 * <p>Tables, in every schema: {@code marks} (id, client, doomed, marker), the rows clients insert;
 * a row is {@code doomed} while its transaction is open, and set to 0 just before the commit, so
 * nobody may ever see a doomed row but its own client. In the first schema only: {@code shadow},
 * one row {@value #SHADOW_VALUE}, which a client's temporary table of the same name hides from
 * that client's statements, and from nobody else's.
 */
final class TortureDatabase {
    static final String USER = "mybouncer_torture";
    static final String PASSWORD = "mybouncer-torture-password";
    private static final int SCHEMA_COUNT = 4;
    /** Where every client logs in, before it USEs its own schema: one pool for all. */
    static final String LOGIN_SCHEMA = schema(0);
    /** The table every probe reads, qualified, so a temporary table shadows it whatever a client USEs. */
    static final String SHADOW = schema(0) + ".shadow";
    static final String SHADOW_VALUE = "real";

    private final TestBackend backend;
    private final String isolationVariable;
    private final Map<String, String> sqlModes;
    private final Map<String, String> charsets;

    private TortureDatabase(TestBackend backend, String isolationVariable, Map<String, String> sqlModes,
            Map<String, String> charsets) {
        this.backend = backend;
        this.isolationVariable = isolationVariable;
        this.sqlModes = sqlModes;
        this.charsets = charsets;
    }

    static String schema(int index) {
        return "mybouncer_torture_" + index;
    }

    static List<String> schemas() {
        return IntStream.range(0, SCHEMA_COUNT).mapToObj(TortureDatabase::schema).toList();
    }

    /** Creates the account, schemas and tables afresh, and reads back every setting of {@link TortureProfile}. */
    static TortureDatabase create(TestBackend backend) throws SQLException {
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            for (String schema : schemas()) {
                statement.execute("DROP DATABASE IF EXISTS " + schema);
                statement.execute("CREATE DATABASE " + schema);
                statement.execute("GRANT ALL PRIVILEGES ON " + schema + ".* TO '" + USER + "'@'%'");
                statement.execute("CREATE TABLE " + schema + ".marks (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "client INT NOT NULL, doomed TINYINT NOT NULL, marker VARCHAR(64) NOT NULL, "
                        + "KEY by_client (client), KEY by_doomed (doomed, client)) ENGINE=InnoDB");
            }
            statement.execute("CREATE TABLE " + SHADOW + " (v VARCHAR(64) NOT NULL) ENGINE=InnoDB");
            statement.execute("INSERT INTO " + SHADOW + " VALUES ('" + SHADOW_VALUE + "')");
        }
        try (Connection user = backend.connect(USER, PASSWORD, ""); Statement statement = user.createStatement()) {
            String isolationVariable = backend.isMariaDb() ? "tx_isolation" : "transaction_isolation";
            Map<String, String> sqlModes = new HashMap<>();
            for (String mode : TortureProfile.SQL_MODES) {
                statement.execute("SET sql_mode = '" + mode + "'");
                sqlModes.put(mode, single(statement, "SELECT @@session.sql_mode"));
            }
            statement.execute("SET sql_mode = DEFAULT");
            Map<String, String> charsets = new HashMap<>();
            for (String charset : TortureProfile.CHARSETS) {
                statement.execute("SET NAMES " + charset);
                charsets.put(charset, single(statement,
                        "SELECT CONCAT_WS('|', @@session.character_set_client, @@session.collation_connection)"));
            }
            return new TortureDatabase(backend, isolationVariable, Map.copyOf(sqlModes), Map.copyOf(charsets));
        }
    }

    /** {@code tx_isolation} on MariaDB, {@code transaction_isolation} on MySQL. */
    String isolationVariable() {
        return isolationVariable;
    }

    /** {@code @@sql_mode} after {@code SET sql_mode = 'mode'}. */
    String sqlModeReadBack(String mode) {
        return sqlModes.get(mode);
    }

    /** {@code @@character_set_client|@@collation_connection} after {@code SET NAMES charset}. */
    String charsetReadBack(String charset) {
        return charsets.get(charset);
    }

    /** A connection of the backend's administrator, for counting and checking behind the proxy's back. */
    Connection connectAsAdmin() throws SQLException {
        return backend.connectAsAdmin();
    }

    /** Connections the backend has open for {@link #USER}, counted with {@code admin}. */
    static int connectionsOfUser(Connection admin) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            return Integer.parseInt(single(statement,
                    "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + USER + "'"));
        }
    }

    /** Committed rows per client, over every schema, read directly from the backend. */
    Map<Integer, Long> committedRowsByClient() throws SQLException {
        Map<Integer, Long> rows = new LinkedHashMap<>();
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            for (String schema : schemas()) {
                try (ResultSet result = statement.executeQuery(
                        "SELECT client, COUNT(*) FROM " + schema + ".marks WHERE doomed = 0 GROUP BY client")) {
                    while (result.next()) {
                        rows.merge(result.getInt(1), result.getLong(2), Long::sum);
                    }
                }
            }
        }
        return rows;
    }

    /** Doomed rows left in any schema: rows whose transaction never ended, or ended in a commit unseen. */
    List<String> doomedRows() throws SQLException {
        List<String> doomed = new ArrayList<>();
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            for (String schema : schemas()) {
                try (ResultSet result = statement.executeQuery(
                        "SELECT id, client, marker FROM " + schema + ".marks WHERE doomed = 1")) {
                    while (result.next()) {
                        doomed.add(schema + ": id " + result.getLong(1) + " of client " + result.getInt(2)
                                + " (" + result.getString(3) + ")");
                    }
                }
            }
        }
        return doomed;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException(sql + ": no row");
            }
            return result.getString(1);
        }
    }
}
