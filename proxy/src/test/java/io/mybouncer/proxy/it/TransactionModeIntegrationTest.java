package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.config.PoolMode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transaction pool mode, one behaviour at a time, with each client library ({@link ClientLibrary}):
 * transactions on one shared backend, session state replayed after a switch, what pins a client and
 * what lifts the pin again, LAST_INSERT_ID() and FOUND_ROWS() read-backs, and statement mode.
 *
 * <p>Every test starts its own proxy with a pool of one or two backends (and an admin console), so that
 * a few clients decide exactly which backend each statement gets: holding the other backend in a
 * transaction leaves a client only one ({@link OtherBackend}), and a client queued behind a pinned one
 * shows whether the pin holds ({@link QueueBehindPin}).
 */
@ExtendWith(TestBackendExtension.class)
class TransactionModeIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A schema besides the test schema, for USE. */
    private static final String OTHER_SCHEMA = "mybouncer_txmode";

    @TempDir
    Path directory;
    private static TestBackend backend;
    private static BackendAccount account;
    private static EventLoopGroup clientGroup;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final List<SqlSession> sessions = new ArrayList<>();
    private RunningProxy proxy;

    @BeforeAll
    static void prepareBackend(TestBackend testBackend) throws SQLException {
        backend = testBackend;
        account = BackendAccount.forProxy(backend);
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS " + OTHER_SCHEMA);
            statement.execute("GRANT ALL PRIVILEGES ON " + OTHER_SCHEMA + ".* TO '" + account.user() + "'@'%'");
        }
    }

    @AfterAll
    static void stopClientLoops() {
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (SqlSession session : sessions) {
            session.close();
        }
        background.shutdownNow();
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A proxy in {@code mode} with pools of {@code size}, an admin console, and a fresh table {@code txmode_rows}. */
    private void startProxy(PoolMode mode, int size) throws Exception {
        ConsoleConfigFile file = new ConsoleConfigFile(directory, backend, account).write("", """
                admin_users: [%s]
                pools:
                  mode: %s
                  size: %d
                  acquire_timeout: 30s
                  connect_timeout: 20s
                """.formatted(ConsoleConfigFile.ADMIN, mode.name().toLowerCase(), size));
        proxy = RunningProxy.start(file.source(), account);
        try (Connection direct = backend.connect(); Statement statement = direct.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS txmode_rows");
            statement.execute("CREATE TABLE txmode_rows (id BIGINT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR(20) NOT NULL)"
                    + " ENGINE=InnoDB");
        }
    }

    /** A client of {@code library} through the proxy, logged in to the test schema, named {@code program}. */
    private SqlSession open(ClientLibrary library, String program) throws Exception {
        SqlSession session = library.open(ClientLibrary.Login.of(proxy, TestBackend.SCHEMA, program), clientGroup);
        sessions.add(session);
        return session;
    }

    private <T> CompletableFuture<T> inBackground(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        background.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception | AssertionError e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void awaitWaiting(int clients) throws InterruptedException {
        BoundedWait.until(clients + " client(s) waiting for a backend", WAIT,
                () -> proxy.pool().waiting() == clients);
    }

    // ---- (a) transactions on one shared backend ----

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void transactionsOnOneBackendWaitForEachOtherAndSeeOnlyCommittedRows(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 1);
        SqlSession writer = open(library, "writer");
        SqlSession reader = open(library, "reader");
        String count = "SELECT COUNT(*) FROM txmode_rows";
        long shared = reader.connectionId();

        writer.begin();
        writer.insert("INSERT INTO txmode_rows (owner) VALUES ('committed')");
        CompletableFuture<String> readerCount = inBackground(() -> reader.value(count));
        awaitWaiting(1);
        assertThat(writer.value(count)).as("the writer's own uncommitted row").isEqualTo("1");
        assertThat(writer.connectionId()).as("the writer's backend, the pool's only one").isEqualTo(shared);
        assertThat(readerCount).as("the reader, while the writer's transaction holds the only backend").isNotDone();
        writer.commit();
        assertThat(readerCount.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the committed row").isEqualTo("1");

        writer.begin();
        writer.insert("INSERT INTO txmode_rows (owner) VALUES ('rolled back')");
        readerCount = inBackground(() -> reader.value(count));
        awaitWaiting(1);
        assertThat(writer.value(count)).isEqualTo("2");
        writer.rollback();
        assertThat(readerCount.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("after the rollback").isEqualTo("1");
        assertThat(reader.connectionId()).isEqualTo(shared);
        assertThat(directCount("txmode_rows")).isEqualTo(1);
    }

    /**
     * Between transactions nothing of a client lives on a backend, so COM_PING (a pool's validation) and
     * COM_RESET_CONNECTION are answered without one: at once, while another client's transaction holds the
     * pool's only backend. (The protocol client sends the reset alone; the JDBC drivers follow theirs with
     * queries of their own, which do need a backend.)
     */
    @Test
    void pingAndResetBetweenTransactionsNeedNoBackend() throws Exception {
        startProxy(PoolMode.TRANSACTION, 1);
        SqlSession writer = open(ClientLibrary.PROTOCOL_CLIENT, "writer");
        SqlSession idle = open(ClientLibrary.PROTOCOL_CLIENT, "idle");
        try (Connection pinger = JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(),
                "")) {
            idle.execute("SET time_zone = '+02:00'");
            writer.begin();
            writer.insert("INSERT INTO txmode_rows (owner) VALUES ('holds the backend')");
            inBackground(() -> {
                idle.resetConnection();
                return null;
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(pinger.isValid(5)).as("COM_PING while the only backend is in a transaction").isTrue();
            writer.commit();
        }
        assertThat(idle.value("SELECT @@time_zone")).as("the reset took effect").isEqualTo("SYSTEM");
    }

    // ---- (b) replayed session state ----

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void replaysSchemaTimeZoneSqlModeCharsetAndIsolationOnAnotherBackend(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "client");
        SqlSession neighbour = open(library, "neighbour");
        SqlSession holder1 = open(library, "holder-1");
        SqlSession holder2 = open(library, "holder-2");
        List<String> expected = List.of(OTHER_SCHEMA, "+05:30", directReadBack("SET sql_mode = 'ANSI'",
                "@@sql_mode"), "latin1", "latin1_swedish_ci", "READ-COMMITTED");
        client.execute("USE " + OTHER_SCHEMA);
        client.execute("SET time_zone = '+05:30'");
        client.execute("SET sql_mode = 'ANSI'");
        client.execute("SET NAMES latin1");
        client.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        neighbour.execute("SET time_zone = '-03:00'");
        neighbour.execute("SET sql_mode = 'TRADITIONAL'");
        neighbour.execute("SET NAMES utf8mb4");
        String probe = "SELECT CONCAT_WS('|', CONNECTION_ID(), DATABASE(), @@time_zone, @@sql_mode, "
                + "@@character_set_client, @@collation_connection, @@tx_isolation)";
        Answer before = Answer.of(client.value(probe));
        assertThat(before.values()).isEqualTo(expected);

        long previous = before.connection();
        for (int round = 0; round < 3; round++) {
            try (OtherBackend other = OtherBackend.than(previous, holder1, holder2)) {
                other.free();
                Answer after = Answer.of(client.value(probe));
                assertThat(after.connection()).as("round %d: the client moved to the other backend", round)
                        .isEqualTo(other.id());
                assertThat(after.values()).as("round %d: the client's state on backend %d", round, after.connection())
                        .isEqualTo(expected);
                previous = after.connection();
            }
            assertThat(Answer.of(neighbour.value(probe)).values()).as("the neighbour's state, round %d", round)
                    .containsExactly(TestBackend.SCHEMA, "-03:00", directReadBack("SET sql_mode = 'TRADITIONAL'",
                            "@@sql_mode"), "utf8mb4", "utf8mb4_general_ci", "REPEATABLE-READ");
        }
    }

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void replaysACollationSetWithSetNamesOnAnotherBackend(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "client");
        SqlSession holder1 = open(library, "holder-1");
        SqlSession holder2 = open(library, "holder-2");
        client.execute("SET NAMES utf8mb4 COLLATE utf8mb4_bin");
        String probe = "SELECT CONCAT_WS('|', CONNECTION_ID(), @@character_set_connection, @@collation_connection)";
        Answer before = Answer.of(client.value(probe));
        assertThat(before.values()).containsExactly("utf8mb4", "utf8mb4_bin");
        try (OtherBackend other = OtherBackend.than(before.connection(), holder1, holder2)) {
            other.free();
            Answer after = Answer.of(client.value(probe));
            assertThat(after.connection()).isEqualTo(other.id());
            assertThat(after.values()).as("on backend %d", after.connection())
                    .containsExactly("utf8mb4", "utf8mb4_bin");
        }
    }

    /**
     * A statement prepared on one backend runs on another: prepared there transparently, under the schema it
     * was prepared in although the client has moved on, and the backend's cache shows in SHOW SERVERS.
     */
    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void aPreparedStatementRunsOnABackendThatNeverSawItsPrepare(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "client");
        SqlSession holder1 = open(library, "holder-1");
        SqlSession holder2 = open(library, "holder-2");
        SqlSession.Prepared statement = client.prepare(
                "SELECT CONCAT_WS('|', CONNECTION_ID(), ? + 1, (SELECT COUNT(*) FROM txmode_rows))");
        Answer before = Answer.of(statement.value(41));
        assertThat(before.values()).containsExactly("42", "0");
        client.execute("USE information_schema"); // the statement keeps the schema it was prepared in
        try (OtherBackend other = OtherBackend.than(before.connection(), holder1, holder2)) {
            other.free();
            Answer after = Answer.of(statement.value(9));
            assertThat(after.connection()).isEqualTo(other.id());
            assertThat(after.values()).as("on backend %d", after.connection()).containsExactly("10", "0");
            assertThat(statementCacheOf(other.id())).startsWith("1 cached, 1 prepared");
        }
    }

    /**
     * A client's COM_RESET_CONNECTION resets the backend's session, its session trackers included: state the
     * client sets afterwards must still be seen, recorded and replayed on the next backend.
     */
    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void replaysStateSetAfterTheClientsOwnReset(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "client");
        SqlSession holder1 = open(library, "holder-1");
        SqlSession holder2 = open(library, "holder-2");
        client.execute("SET @v = 'pins until the reset'");
        client.resetConnection();
        client.execute("SET time_zone = '+05:30'");
        client.execute("SET sql_mode = 'ANSI'");
        client.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
        List<String> expected = List.of("+05:30", directReadBack("SET sql_mode = 'ANSI'", "@@sql_mode"),
                "READ-COMMITTED");
        String probe = "SELECT CONCAT_WS('|', CONNECTION_ID(), @@time_zone, @@sql_mode, @@tx_isolation)";
        Answer before = Answer.of(client.value(probe));
        assertThat(before.values()).isEqualTo(expected);
        try (OtherBackend other = OtherBackend.than(before.connection(), holder1, holder2)) {
            other.free();
            Answer after = Answer.of(client.value(probe));
            assertThat(after.connection()).isEqualTo(other.id());
            assertThat(after.values()).as("on backend %d", after.connection()).isEqualTo(expected);
        }
    }

    // ---- (c), (d), (e) what pins, and what lifts the pin ----

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void aUserVariablePinsUntilTheClientResetsItsConnection(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "pinned");
        SqlSession holder = open(library, "holder");
        SqlSession queuer = open(library, "queued");
        client.execute("SET @v = 'mine'");
        long pinned = client.connectionId();
        try (QueueBehindPin queue = QueueBehindPin.around(this, pinned, holder, queuer)) {
            assertThat(client.value("SELECT CONCAT_WS('|', CONNECTION_ID(), @v)")).isEqualTo(pinned + "|mine");
            queue.assertStillQueued();
            String pinsWhilePinned = pinsOf("pinned");

            client.resetConnection();
            assertThat(queue.servedOn()).as("the waiting client gets the backend the reset freed")
                    .isEqualTo(pinned);
            assertThat(client.value("SELECT IFNULL(@v, 'gone')")).isEqualTo("gone");
            assertThat(proxy.metrics().value("mybouncer_pins_total{reason=\"user_variable\"}")).isEqualTo(1.0);
            assertPinsShown(pinsWhilePinned, "user_variable");
        }
    }

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void temporaryTablesPinUntilTheLastOneIsDropped(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "pinned");
        SqlSession holder = open(library, "holder");
        SqlSession queuer = open(library, "queued");
        client.execute("CREATE TEMPORARY TABLE scratch1 (v INT)");
        client.execute("CREATE TEMPORARY TABLE scratch2 (v INT)");
        long pinned = client.connectionId();
        try (QueueBehindPin queue = QueueBehindPin.around(this, pinned, holder, queuer)) {
            String pinsWhilePinned = pinsOf("pinned");
            client.execute("DROP TEMPORARY TABLE scratch1");
            assertThat(client.connectionId()).as("one temporary table left").isEqualTo(pinned);
            queue.assertStillQueued();

            client.execute("DROP TEMPORARY TABLE scratch2");
            assertThat(queue.servedOn()).as("the waiting client gets the backend the last DROP freed")
                    .isEqualTo(pinned);
            assertPinsShown(pinsWhilePinned, "temporary_table");
        }
    }

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void aNamedLockPinsUntilEveryAcquisitionIsReleased(ClientLibrary library) throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "pinned");
        SqlSession holder = open(library, "holder");
        SqlSession queuer = open(library, "queued");
        String lock = "mybouncer_txmode_" + library.name().toLowerCase();
        // MariaDB's named locks nest: taken twice, released twice.
        assertThat(client.value("SELECT GET_LOCK('" + lock + "', 10)")).isEqualTo("1");
        assertThat(client.value("SELECT GET_LOCK('" + lock + "', 10)")).isEqualTo("1");
        long pinned = client.connectionId();
        try (QueueBehindPin queue = QueueBehindPin.around(this, pinned, holder, queuer)) {
            String pinsWhilePinned = pinsOf("pinned");
            assertThat(client.value("SELECT RELEASE_LOCK('" + lock + "')")).isEqualTo("1");
            assertThat(client.connectionId()).as("the lock is still held once").isEqualTo(pinned);
            queue.assertStillQueued();

            assertThat(client.value("SELECT RELEASE_LOCK('" + lock + "')")).isEqualTo("1");
            assertThat(queue.servedOn()).as("the waiting client gets the backend the release freed")
                    .isEqualTo(pinned);
            assertThat(directValue("SELECT IS_FREE_LOCK('" + lock + "')")).isEqualTo("1");
            assertPinsShown(pinsWhilePinned, "named_lock");
        }
    }

    // ---- (f) read-backs ----

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void lastInsertIdIsTheClientsOwnAfterAMoveToABackendWhereAnotherClientInserted(ClientLibrary library)
            throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "client");
        SqlSession holder1 = open(library, "holder-1");
        SqlSession holder2 = open(library, "holder-2");
        long key = client.insert("INSERT INTO txmode_rows (owner) VALUES ('client')");
        long previous = client.connectionId();
        try (OtherBackend other = OtherBackend.than(previous, holder1, holder2)) {
            long otherKey = other.releaser().insert("INSERT INTO txmode_rows (owner) VALUES ('other')");
            other.free();
            // On a direct connection LAST_INSERT_ID() is the key of the connection's own last insert.
            Answer readBack = Answer.of(client.value("SELECT CONCAT_WS('|', CONNECTION_ID(), LAST_INSERT_ID())"));
            assertThat(readBack.connection()).as("moved to the backend of the other client's insert")
                    .isEqualTo(other.id());
            assertThat(readBack.values()).as("LAST_INSERT_ID() after the move").containsExactly(String.valueOf(key));
            assertThat(other.releaser().value("SELECT LAST_INSERT_ID()")).isEqualTo(String.valueOf(otherKey));
        }
    }

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void foundRowsReadsTheClientsOwnCountWhileOthersCountOnTheOtherBackend(ClientLibrary library)
            throws Exception {
        startProxy(PoolMode.TRANSACTION, 2);
        SqlSession client = open(library, "client");
        SqlSession other = open(library, "other");
        for (int row = 0; row < 7; row++) {
            client.insert("INSERT INTO txmode_rows (owner) VALUES ('row')");
        }
        String calc = "SELECT SQL_CALC_FOUND_ROWS CONNECTION_ID() FROM txmode_rows WHERE id <= (SELECT MIN(id) + 4 FROM txmode_rows) "
                + "ORDER BY id LIMIT 1";
        String expected = directFoundRows(calc);
        assertThat(expected).isEqualTo("5");

        long calcConnection = Long.parseLong(client.value(calc));
        for (int i = 0; i < 3; i++) {
            other.value("SELECT SQL_CALC_FOUND_ROWS id FROM txmode_rows ORDER BY id LIMIT 1");
            assertThat(other.value("SELECT FOUND_ROWS()")).isEqualTo("7");
        }
        Answer readBack = Answer.of(client.value("SELECT CONCAT_WS('|', CONNECTION_ID(), FOUND_ROWS())"));
        assertThat(readBack.connection()).as("kept for the read-back").isEqualTo(calcConnection);
        assertThat(readBack.values()).containsExactly(expected);
    }

    // ---- (g) statement mode ----

    @ParameterizedTest
    @EnumSource(ClientLibrary.class)
    void statementModeRefusesTransactionsAndRunsAutocommitStatements(ClientLibrary library) throws Exception {
        startProxy(PoolMode.STATEMENT, 2);
        SqlSession client = open(library, "client");
        SqlSession other = open(library, "other");

        assertMysqlError(client::begin, 1235, "42000", "statement pool mode");
        assertMysqlError(() -> client.execute("START TRANSACTION"), 1235, "42000", "statement pool mode");
        assertMysqlError(() -> client.execute("BEGIN"), 1235, "42000", "statement pool mode");

        long first = client.insert("INSERT INTO txmode_rows (owner) VALUES ('client')");
        long second = other.insert("INSERT INTO txmode_rows (owner) VALUES ('other')");
        assertThat(second).isGreaterThan(first);
        assertThat(client.value("SELECT COUNT(*) FROM txmode_rows")).isEqualTo("2");
        assertThat(other.value("SELECT GROUP_CONCAT(owner ORDER BY id) FROM txmode_rows")).isEqualTo("client,other");
        assertThat(directCount("txmode_rows")).isEqualTo(2);
    }

    // ---- helpers ----

    /** A value read back on a direct connection after {@code set}: how the server spells a setting. */
    private static String directReadBack(String set, String variable) throws SQLException {
        try (Connection direct = backend.connect(); Statement statement = direct.createStatement()) {
            statement.execute(set);
            try (ResultSet result = statement.executeQuery("SELECT " + variable)) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static String directValue(String sql) throws SQLException {
        try (Connection direct = backend.connect(); Statement statement = direct.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /** FOUND_ROWS() after {@code calc} on a direct connection. */
    private static String directFoundRows(String calc) throws SQLException {
        try (Connection direct = backend.connect(); Statement statement = direct.createStatement()) {
            try (ResultSet ignored = statement.executeQuery(calc)) {
                assertThat(ignored.next()).isTrue();
            }
            try (ResultSet result = statement.executeQuery("SELECT FOUND_ROWS()")) {
                result.next();
                return result.getString(1);
            }
        }
    }

    private static long directCount(String table) throws SQLException {
        return Long.parseLong(directValue("SELECT COUNT(*) FROM " + table));
    }

    /** The {@code statements} column of SHOW SERVERS for the backend the server knows as {@code serverId}. */
    private String statementCacheOf(long serverId) throws SQLException {
        try (Connection admin = JdbcClient.MARIADB.connect(proxy, "mybouncer", ConsoleConfigFile.ADMIN,
                ConsoleConfigFile.ADMIN_PASSWORD, ""); Statement statement = admin.createStatement();
                ResultSet servers = statement.executeQuery("SHOW SERVERS")) {
            while (servers.next()) {
                if (servers.getLong("server_id") == serverId) {
                    return servers.getString("statements");
                }
            }
        }
        throw new AssertionError("no backend " + serverId + " in SHOW SERVERS");
    }

    /** The {@code pins} column of SHOW CLIENTS for the client named {@code program}. */
    private String pinsOf(String program) throws SQLException {
        try (Connection admin = JdbcClient.MARIADB.connect(proxy, "mybouncer", ConsoleConfigFile.ADMIN,
                ConsoleConfigFile.ADMIN_PASSWORD, ""); Statement statement = admin.createStatement();
                ResultSet clients = statement.executeQuery("SHOW CLIENTS")) {
            while (clients.next()) {
                if (program.equals(clients.getString("program"))) {
                    return clients.getString("pins");
                }
            }
        }
        throw new AssertionError("no client " + program + " in SHOW CLIENTS");
    }

    /**
     * The pin was visible per client in SHOW CLIENTS while it held ({@code whilePinned}), and is gone
     * now. Checked last, after the behaviour, so that a missing column value hides nothing else.
     */
    private void assertPinsShown(String whilePinned, String reason) throws SQLException {
        assertThat(whilePinned).as("SHOW CLIENTS pins of the pinned client").contains(reason);
        assertThat(pinsOf("pinned")).as("SHOW CLIENTS pins after the pin was lifted").doesNotContain(reason);
    }

    /** An answer of the form {@code CONNECTION_ID|value|...}. */
    private record Answer(long connection, List<String> values) {
        static Answer of(String text) {
            String[] fields = text.split("\\|", -1);
            return new Answer(Long.parseLong(fields[0]), List.of(fields).subList(1, fields.length));
        }
    }

    /**
     * Leaves a client of a pool of two exactly one backend to go to: the one it did not use last. Two
     * holders each BEGIN a transaction, which takes both backends; the one on the other backend then
     * commits ({@link #free}), and may do some work of its own there first ({@link #releaser}).
     */
    private static final class OtherBackend implements AutoCloseable {
        private final SqlSession keeper;
        private final SqlSession releaser;
        private final long other;
        private boolean freed;

        private OtherBackend(SqlSession keeper, SqlSession releaser, long other) {
            this.keeper = keeper;
            this.releaser = releaser;
            this.other = other;
        }

        /**
         * Both backends held by {@code first} and {@code second}, neither free yet; {@code last} is the
         * backend the client used last.
         */
        static OtherBackend than(long last, SqlSession first, SqlSession second) throws Exception {
            long firstBackend = held(first);
            long secondBackend = held(second);
            assertThat(List.of(firstBackend, secondBackend)).as("the holders' backends, the client's last being %d",
                    last).contains(last).doesNotHaveDuplicates();
            return firstBackend == last ? new OtherBackend(first, second, secondBackend)
                    : new OtherBackend(second, first, firstBackend);
        }

        /** The other backend's id. */
        long id() {
            return other;
        }

        /** The holder of the other backend, in its transaction. */
        SqlSession releaser() {
            return releaser;
        }

        /** Commits on the other backend: the only free one now. */
        void free() throws Exception {
            releaser.execute("COMMIT");
            freed = true;
        }

        @Override
        public void close() throws Exception {
            keeper.execute("COMMIT");
            if (!freed) {
                free();
            }
        }
    }

    /**
     * Shows whether a client is still pinned to its backend, in a pool of two: a holder takes the other
     * backend in a transaction, and a third client's statement queues for a backend. It runs as soon as
     * the pinned client lets its backend go.
     */
    private static final class QueueBehindPin implements AutoCloseable {
        private final TransactionModeIntegrationTest test;
        private final SqlSession holder;
        private final CompletableFuture<Long> queued;

        private QueueBehindPin(TransactionModeIntegrationTest test, SqlSession holder, CompletableFuture<Long> queued) {
            this.test = test;
            this.holder = holder;
            this.queued = queued;
        }

        /**
         * {@code holder} takes the backend {@code pinned} is not, and {@code queuer} waits. Both logged
         * in before the pin: a driver's login queries would wait for a backend too.
         */
        static QueueBehindPin around(TransactionModeIntegrationTest test, long pinned, SqlSession holder,
                SqlSession queuer) throws Exception {
            assertThat(held(holder)).as("the holder's backend: not the pinned client's").isNotEqualTo(pinned);
            QueueBehindPin queue = new QueueBehindPin(test, holder, test.inBackground(queuer::connectionId));
            test.awaitWaiting(1);
            return queue;
        }

        /**
         * The third client still waits. Were the pinned client's backend let go, it would have gone to the
         * waiting client at once, before the pinned client's next statement could get a backend.
         */
        void assertStillQueued() {
            assertThat(test.proxy.pool().waiting()).as("clients waiting for a backend").isEqualTo(1);
            assertThat(queued).as("the queued client's statement").isNotDone();
        }

        /** The backend the queued client's statement ran on, once it ran. */
        long servedOn() throws Exception {
            return queued.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            holder.execute("COMMIT");
        }
    }

    /** BEGIN, and the backend the transaction holds. */
    private static long held(SqlSession holder) throws Exception {
        holder.execute("BEGIN");
        return holder.connectionId();
    }
}
