package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The server does what the classifier assumes: where comments end, which quotes escape, that a
 * quoted or spaced function name still calls the built-in, how SET scopes work. Each case runs the
 * text on the real server and checks the outcome there next to the classifier's answer.
 */
@ExtendWith(TestBackendExtension.class)
class StatementClassifierIntegrationTest {
    private static final String LOCK = "mybouncer_classifier_it";
    private static final StatementEffects WRITES = StatementEffects.of(Effect.USER_VARIABLE_WRITE);

    private final StatementClassifier classifier = new StatementClassifier();
    private final SessionObjectNames names = new SessionObjectNames();

    /** Which servers assign {@code @v} when they run a text. */
    enum Assigns { EVERY_SERVER, NO_SERVER, MARIADB }

    static Stream<Arguments> assignments() {
        return Stream.of(
                Arguments.of("SELECT 1--1 INTO @v", "", Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT 1 -- INTO @v", "", Assigns.NO_SERVER, StatementEffects.NONE),
                Arguments.of("SELECT 1 # x\nINTO @v", "", Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT 1 # x\rINTO @v", "", Assigns.NO_SERVER, StatementEffects.NONE),
                Arguments.of("SELECT 1 /* INTO @v */", "", Assigns.NO_SERVER, StatementEffects.NONE),
                Arguments.of("SELECT 1 /*! INTO @v */", "", Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT 1 /*!40101 INTO @v */", "", Assigns.EVERY_SERVER, WRITES),
                // A version above the server's makes the comment plain; the classifier errs to "writes".
                Arguments.of("SELECT 1 /*!99999 INTO @v */", "", Assigns.NO_SERVER, WRITES),
                // MySQL reads /*M! as a plain comment; the classifier errs to "writes".
                Arguments.of("SELECT 1 /*M! INTO @v */", "", Assigns.MARIADB, WRITES),
                Arguments.of("SELECT 'a\\', @v := 1 -- '", "", Assigns.NO_SERVER, StatementEffects.NONE),
                Arguments.of("SELECT 'a\\', @v := 1 -- '", "NO_BACKSLASH_ESCAPES", Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT 'it''s', @v := 1", "NO_BACKSLASH_ESCAPES", Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT \"x INTO @v\"", "", Assigns.NO_SERVER, StatementEffects.NONE),
                Arguments.of("SELECT `@v := 1` FROM (SELECT 1 AS `@v := 1`) t", "", Assigns.NO_SERVER,
                        StatementEffects.NONE),
                Arguments.of("SELECT id INTO @v FROM (SELECT 7 AS id) t", "", Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT id FROM (SELECT 7 AS id) t INTO @v", "", Assigns.EVERY_SERVER, WRITES),
                // Under ANSI_QUOTES "a\" is an identifier: the backslash escapes nothing.
                Arguments.of("SELECT \"a\\\", @v := 1 FROM (SELECT 1 AS \"a\\\") t", "ANSI_QUOTES",
                        Assigns.EVERY_SERVER, WRITES),
                Arguments.of("SELECT \"a\\\", @v := 1 -- \"", "", Assigns.NO_SERVER, StatementEffects.NONE));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("assignments")
    void assignsAUserVariableWhereTheClassifierSaysSo(String sql, String modeFlag, Assigns assigns,
                                                      StatementEffects effects, TestBackend backend)
            throws SQLException {
        SqlMode mode;
        try (Connection connection = backend.connect(); Statement statement = statement(connection)) {
            if (!modeFlag.isEmpty()) {
                statement.execute("SET SESSION sql_mode = CONCAT(@@sql_mode, '," + modeFlag + "')");
            }
            // The flags as the session's tracked sql_mode would give them.
            mode = SqlMode.parse(query(statement, "SELECT @@session.sql_mode"));
            statement.execute("SET @v = NULL");
            statement.execute(sql);
            boolean assigned = assigns == Assigns.EVERY_SERVER || assigns == Assigns.MARIADB && backend.isMariaDb();
            assertThat(query(statement, "SELECT @v IS NOT NULL")).isEqualTo(assigned ? "1" : "0");
        }
        assertThat(mode.noBackslashEscapes()).isEqualTo(modeFlag.equals("NO_BACKSLASH_ESCAPES"));
        assertThat(mode.ansiQuotes()).isEqualTo(modeFlag.equals("ANSI_QUOTES"));
        assertThat(classify(sql, mode)).isEqualTo(effects);
    }

    @Test
    void quotedAndSpacedFunctionNamesCallTheBuiltIns(TestBackend backend) throws SQLException {
        String acquire = "SELECT `get_lock`('" + LOCK + "', 0)";
        String release = "SELECT RELEASE_LOCK ('" + LOCK + "')";
        try (Connection connection = backend.connect(); Statement statement = statement(connection)) {
            statement.execute(acquire);
            assertThat(query(statement, "SELECT IS_USED_LOCK('" + LOCK + "') = CONNECTION_ID()")).isEqualTo("1");
            statement.execute(release);
            assertThat(query(statement, "SELECT IS_FREE_LOCK('" + LOCK + "')")).isEqualTo("1");
        }
        assertThat(classify(acquire, SqlMode.DEFAULT)).isEqualTo(StatementEffects.of(Effect.NAMED_LOCK_ACQUIRE));
        assertThat(classify(release, SqlMode.DEFAULT)).isEqualTo(StatementEffects.of(Effect.NAMED_LOCK_RELEASE));
    }

    @Test
    void isolationSetThroughAtAtWithoutScopeIsForTheNextTransactionOnly(TestBackend backend) throws SQLException {
        // MariaDB 10.x knows only tx_isolation; MySQL 8 only transaction_isolation.
        String variable = backend.isMariaDb() ? "tx_isolation" : "transaction_isolation";
        String nextTransaction = "SET @@" + variable + " = 'SERIALIZABLE'";
        String session = "SET " + variable + " = 'READ-COMMITTED'";
        try (Connection connection = backend.connect(); Statement statement = statement(connection)) {
            String before = query(statement, "SELECT @@session." + variable);
            statement.execute(nextTransaction);
            assertThat(query(statement, "SELECT @@session." + variable)).isEqualTo(before);
            statement.execute(session);
            assertThat(query(statement, "SELECT @@session." + variable)).isEqualTo("READ-COMMITTED");
        }
        assertThat(classify(nextTransaction, SqlMode.DEFAULT))
                .isEqualTo(StatementEffects.of(Effect.NEXT_TRANSACTION_CHARACTERISTICS_SET));
        assertThat(classify(session, SqlMode.DEFAULT)).isEqualTo(
                StatementEffects.of(Effect.SESSION_VARIABLE_SET, Effect.SESSION_TRANSACTION_CHARACTERISTICS_SET));
    }

    @Test
    void globalHoldsForTheItemsAfterIt(TestBackend backend) throws SQLException {
        try (Connection admin = backend.connectAsAdmin(); Statement statement = statement(admin)) {
            String global = query(statement, "SELECT @@global.net_retry_count");
            String session = query(statement, "SELECT @@session.net_retry_count");
            String changed = String.valueOf(Long.parseLong(global) + 1);
            String sql = "SET GLOBAL max_connections = @@global.max_connections, net_retry_count = " + changed;
            try {
                statement.execute(sql);
                assertThat(query(statement, "SELECT @@global.net_retry_count")).isEqualTo(changed);
                assertThat(query(statement, "SELECT @@session.net_retry_count")).isEqualTo(session);
            } finally {
                statement.execute("SET GLOBAL net_retry_count = " + global);
            }
            assertThat(classify(sql, SqlMode.DEFAULT)).isSameAs(StatementEffects.NONE);
        }
    }

    static Stream<Arguments> autocommitAssignments() {
        return Stream.of(
                Arguments.of("SET autocommit = 0", "0"),
                Arguments.of("SET @@autocommit=false", "0"),
                Arguments.of("SET `autocommit` = 0", "0"),
                Arguments.of("SET @@local.autocommit = 'OFF'", "0"),
                Arguments.of("SET SESSION autocommit := 0", "0"),
                Arguments.of("SET autocommit = 1 - 1", "0"),
                Arguments.of("SET autocommit = 1, autocommit = 0", "0"),
                Arguments.of("SET autocommit = 1", "1"),
                Arguments.of("SET autocommit = ON", "1"),
                Arguments.of("SET session autocommit = true", "1"),
                Arguments.of("SET @@autocommit := 'on'", "1"));
    }

    /** Every form the classifier reads as "autocommit stays on" leaves it on, and every other form turns it off. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("autocommitAssignments")
    void startsATransactionExactlyWhenAutocommitEndsOff(String sql, String autocommit, TestBackend backend)
            throws SQLException {
        try (Connection connection = backend.connect(); Statement statement = statement(connection)) {
            statement.execute("SET autocommit = 1");
            statement.execute(sql);
            assertThat(query(statement, "SELECT @@autocommit")).isEqualTo(autocommit);
        }
        assertThat(classify(sql, SqlMode.DEFAULT).has(Effect.TRANSACTION_START)).isEqualTo(autocommit.equals("0"));
    }

    static Stream<Arguments> transactionStarts() {
        return Stream.of(
                Arguments.of(List.of(), "BEGIN WORK", List.of(), true),
                Arguments.of(List.of(), "START TRANSACTION READ ONLY", List.of(), true),
                Arguments.of(List.of(), "/*!40101 START TRANSACTION */", List.of(), true),
                Arguments.of(List.of("BEGIN"), "COMMIT AND CHAIN", List.of(), true),
                Arguments.of(List.of("BEGIN"), "ROLLBACK WORK AND NO CHAIN", List.of(), false),
                Arguments.of(List.of(), "SET completion_type = 'CHAIN'", List.of("BEGIN", "COMMIT"), true),
                Arguments.of(List.of(), "SET completion_type = 0", List.of("BEGIN", "COMMIT"), false));
    }

    /**
     * MariaDB's {@code @@in_transaction} shows whether a transaction is open once the statement (and
     * the statements after it) ran; MySQL has no such variable.
     */
    @ParameterizedTest(name = "{1}")
    @MethodSource("transactionStarts")
    void transactionStartsLeaveATransactionOpen(List<String> before, String sql, List<String> after,
                                                boolean open, TestBackend backend) throws SQLException {
        Assumptions.assumeTrue(backend.isMariaDb(), "@@in_transaction is MariaDB's");
        try (Connection connection = backend.connect(); Statement statement = statement(connection)) {
            for (String text : before) {
                statement.execute(text);
            }
            statement.execute(sql);
            for (String text : after) {
                statement.execute(text);
            }
            assertThat(query(statement, "SELECT @@in_transaction")).isEqualTo(open ? "1" : "0");
        }
        assertThat(classify(sql, SqlMode.DEFAULT).has(Effect.TRANSACTION_START)).isEqualTo(open);
    }

    /** Why a lock call in a FROM clause leaves the named locks unknown: it runs once per row. */
    @Test
    void aLockCallInAFromClauseRunsOncePerRow(TestBackend backend) throws SQLException {
        String sql = "SELECT GET_LOCK('" + LOCK + "', 0) FROM (SELECT 1 AS n UNION ALL SELECT 2) AS two_rows";
        String release = "SELECT RELEASE_LOCK('" + LOCK + "')";
        try (Connection connection = backend.connect(); Statement statement = statement(connection)) {
            try (ResultSet rows = statement.executeQuery(sql)) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.next()).isTrue();
            }
            assertThat(query(statement, release)).isEqualTo("1");
            assertThat(query(statement, "SELECT IS_USED_LOCK('" + LOCK + "') = CONNECTION_ID()")).isEqualTo("1");
            assertThat(query(statement, release)).isEqualTo("1");
            assertThat(query(statement, "SELECT IS_FREE_LOCK('" + LOCK + "')")).isEqualTo("1");
        }
        SessionObjectChanges found = names.find(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), SqlMode.DEFAULT);
        assertThat(found.namedLocksAcquired()).containsExactly(LOCK);
        assertThat(found.namedLocksUnknown()).isTrue();
    }

    /** A statement that sends the text as written: no JDBC escape processing. */
    private static Statement statement(Connection connection) throws SQLException {
        Statement statement = connection.createStatement();
        statement.setEscapeProcessing(false);
        return statement;
    }

    private static String query(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }

    private StatementEffects classify(String sql, SqlMode mode) {
        return classifier.classify(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), mode);
    }
}
