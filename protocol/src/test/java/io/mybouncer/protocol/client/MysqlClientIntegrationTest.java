package io.mybouncer.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol library's own client against the real server the fixture started. */
@ExtendWith(TestBackendExtension.class)
class MysqlClientIntegrationTest {
    private static final NettyTransport TRANSPORT = NettyTransport.preferred();
    private static EventLoopGroup group;

    private final List<MysqlClient> opened = new ArrayList<>();

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, TRANSPORT.ioHandlerFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully().syncUninterruptibly();
    }

    @org.junit.jupiter.api.AfterEach
    void closeClients() {
        opened.forEach(MysqlClient::close);
    }

    private MysqlClient connect(TestBackend backend, ClientOptions options) {
        MysqlClient client = MysqlClient.connect(group, TRANSPORT,
                new ServerAddress.Tcp(backend.host(), backend.port()), options).join();
        opened.add(client);
        return client;
    }

    private static ClientOptions user(TestBackend backend) {
        return ClientOptions.of(backend.user(), backend.password()).withDatabase(TestBackend.SCHEMA);
    }

    @Test
    void logsInWithNativePasswordAndQueries(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend));
        assertThat(client.session().authPlugin()).isEqualTo("mysql_native_password");
        // MariaDB prefixes its greeting's version with "5.5.5-" for clients that parse the major version.
        assertThat(client.session().serverVersion()).endsWith(backend.serverVersion());
        List<List<String>> rows = client.query("SELECT CURRENT_USER(), DATABASE(), NULL, ''").join().rows();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0)).startsWith(backend.user() + "@");
        assertThat(rows.get(0).subList(1, 4)).containsExactly(TestBackend.SCHEMA, null, "");
    }

    @Test
    void wrongPasswordIsRefusedWithAccessDenied(TestBackend backend) {
        assertThatThrownBy(() -> connect(backend, ClientOptions.of(backend.user(), "not-the-password")))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(MysqlServerException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(1045);
                    assertThat(e.sqlState()).isEqualTo("28000");
                });
    }

    @Test
    void logsInOverTlsVerifyingTheServerCa(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend).withTls(TlsMode.VERIFY_CA, backend.caCert().orElseThrow()));
        assertThat(client.session().tls()).isTrue();
        List<List<String>> cipher = client.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'").join().rows();
        assertThat(cipher.get(0).get(1)).isNotEmpty();
    }

    @Test
    void logsInOverTheUnixSocket(TestBackend backend) {
        MysqlClient client = MysqlClient.connect(group, TRANSPORT,
                new ServerAddress.Unix(backend.socket().orElseThrow()), user(backend)).join();
        opened.add(client);
        assertThat(client.query("SELECT @@socket IS NOT NULL").join().rows().get(0)).containsExactly("1");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void okPacketsCarryAffectedRowsAndLastInsertId(boolean deprecateEof, TestBackend backend) {
        MysqlClient client = connect(backend, user(backend).withDeprecateEof(deprecateEof));
        client.query("CREATE TEMPORARY TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20))").join();
        OkPacket ok = client.query("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')").join().ok();
        assertThat(ok.affectedRows()).isEqualTo(3);
        assertThat(ok.lastInsertId()).isEqualTo(1);
        assertThat(client.query("SELECT id, v FROM t ORDER BY id").join().rows())
                .containsExactly(List.of("1", "a"), List.of("2", "b"), List.of("3", "c"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void preparedStatementsBindParametersAndReturnBinaryRows(boolean deprecateEof, TestBackend backend) {
        MysqlClient client = connect(backend, user(backend).withDeprecateEof(deprecateEof));
        PreparedStatement statement = client.prepare("SELECT ? + 1, CONCAT(?, '!'), ? IS NULL").join();
        assertThat(statement.parameterCount()).isEqualTo(3);
        assertThat(statement.columns()).hasSize(3);
        for (long n = 1; n <= 3; n++) {
            List<byte[]> row = client.execute(statement, Arrays.asList(n, "x" + n, null), false).join()
                    .resultSets().get(0).rows().get(0);
            assertThat(new String(row.get(1), StandardCharsets.UTF_8)).isEqualTo("x" + n + "!");
        }
        client.closeStatement(statement).join();
        assertThatThrownBy(() -> client.execute(statement, Arrays.asList(1L, "a", null), false).join())
                .cause().isInstanceOfSatisfying(MysqlServerException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(1243)); // ER_UNKNOWN_STMT_HANDLER
    }

    @Test
    void cursorRowsComeWithFetch(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend));
        PreparedStatement statement = client.prepare("SELECT seq FROM seq_1_to_5").join();
        QueryResult opened = client.execute(statement, List.of(), true).join();
        assertThat(opened.resultSets().get(0).rows()).isEmpty();
        List<byte[]> fetched = new ArrayList<>();
        fetched.addAll(client.fetch(statement, statement.columns(), 2).join().resultSets().get(0).rows().stream()
                .map(row -> row.get(0)).toList());
        fetched.addAll(client.fetch(statement, statement.columns(), 10).join().resultSets().get(0).rows().stream()
                .map(row -> row.get(0)).toList());
        assertThat(fetched).hasSize(5);
    }

    @Test
    void procedureReturnsSeveralResultSetsThenOk(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend));
        client.query("DROP PROCEDURE IF EXISTS two_results").join();
        client.query("CREATE PROCEDURE two_results() BEGIN SELECT 1 AS a; SELECT 2 AS b, 3 AS c; END").join();
        QueryResult result = client.query("CALL two_results()").join();
        assertThat(result.resultSets()).hasSize(2);
        assertThat(result.resultSets().get(0).strings()).containsExactly(List.of("1"));
        assertThat(result.resultSets().get(1).strings()).containsExactly(List.of("2", "3"));
        assertThat(result.results().get(result.results().size() - 1)).isInstanceOf(QueryResult.Ok.class);
    }

    @Test
    void multiStatementQueryReturnsEveryResult(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend).withMultiStatements(true));
        QueryResult result = client.query("SELECT 1; SELECT 'two'; DO 3").join();
        assertThat(result.resultSets()).hasSize(2);
        assertThat(result.resultSets().get(1).strings()).containsExactly(List.of("two"));
        assertThat(result.results()).hasSize(3);
    }

    @Test
    void errorAfterRowsEndsTheResponse(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend));
        client.query("DROP FUNCTION IF EXISTS fail_at_three").join();
        client.query("CREATE FUNCTION fail_at_three(n INT) RETURNS INT DETERMINISTIC BEGIN "
                + "IF n = 3 THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'third row'; END IF; RETURN n; END").join();
        assertThatThrownBy(() -> client.query("SELECT fail_at_three(seq) FROM seq_1_to_5").join())
                .cause().isInstanceOfSatisfying(MysqlServerException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("45000");
                    assertThat(e.getMessage()).contains("third row");
                });
        // The connection is still in step: the next command gets its own answer.
        assertThat(client.query("SELECT 42").join().rows()).containsExactly(List.of("42"));
    }

    @Test
    void localInfileSendsTheFileTheServerAsksFor(TestBackend backend) {
        byte[] csv = "1,alpha\n2,beta\n3,gamma\n".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> files = Map.of("rows.csv", csv);
        MysqlClient client = connect(backend, user(backend).withLocalInfile(files::get));
        client.query("CREATE TEMPORARY TABLE loaded (id INT, name VARCHAR(10))").join();
        OkPacket ok = client.query("LOAD DATA LOCAL INFILE 'rows.csv' INTO TABLE loaded FIELDS TERMINATED BY ','")
                .join().ok();
        assertThat(ok.affectedRows()).isEqualTo(3);
        assertThat(client.query("SELECT name FROM loaded ORDER BY id").join().rows())
                .containsExactly(List.of("alpha"), List.of("beta"), List.of("gamma"));
    }

    @Test
    void twentyMebibyteBlobRoundTrips(TestBackend backend) throws Exception {
        byte[] blob = new byte[20 << 20];
        new Random(7).nextBytes(blob);
        MysqlClient client = connect(backend, user(backend));
        client.query("CREATE TEMPORARY TABLE blobs (id INT PRIMARY KEY, b LONGBLOB)").join();
        PreparedStatement insert = client.prepare("INSERT INTO blobs VALUES (?, ?)").join();
        assertThat(client.execute(insert, List.of(1L, blob), false).join().ok().affectedRows()).isEqualTo(1);
        String expectedSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
        assertThat(client.query("SELECT SHA2(b, 256) FROM blobs").join().rows().get(0)).containsExactly(expectedSha);
        List<byte[]> row = client.query("SELECT b FROM blobs WHERE id = 1").join().resultSets().get(0).rows().get(0);
        assertThat(row.get(0)).isEqualTo(blob);
    }

    @Test
    void pingAndStatisticsAnswer(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend));
        client.ping().join();
        RawResponse statistics = client.sendRaw(Unpooled.wrappedBuffer(new byte[] {0x09})).join();
        try {
            assertThat(statistics.packets()).hasSize(1);
            assertThat(statistics.packets().get(0).content().toString(StandardCharsets.US_ASCII)).contains("Uptime:");
        } finally {
            statistics.release();
        }
    }

    /**
     * The prefork server's inherited connection: a channel logged in by one client, taken off its
     * event loop and stripped of that client's handlers, then spoken on by another client that only
     * knows the login's session, registered again as a channel built from an inherited descriptor is.
     */
    @Test
    void attachesToAConnectionLoggedInElsewhere(TestBackend backend) {
        MysqlClient loggedIn = MysqlClient.connect(group, TRANSPORT,
                new ServerAddress.Tcp(backend.host(), backend.port()), user(backend).withDeprecateEof(true)).join();
        Channel channel = loggedIn.channel();
        channel.deregister().syncUninterruptibly();
        channel.pipeline().remove(MysqlClient.FRAME_DECODER);
        channel.pipeline().remove(MysqlClient.FRAME_ENCODER);
        channel.pipeline().remove(CommandHandler.NAME);

        MysqlClient attached = MysqlClient.attach(channel, loggedIn.session(), user(backend));
        opened.add(attached);
        group.register(channel).syncUninterruptibly();

        assertThat(attached.session()).isSameAs(loggedIn.session());
        // Result-set framing follows the login's DEPRECATE_EOF, which only the session tells.
        // A client that misread the framing would wait forever: bounded here.
        assertThat(attached.query("SELECT CONNECTION_ID(), DATABASE()").orTimeout(20, TimeUnit.SECONDS).join().rows())
                .containsExactly(List.of(Long.toString(loggedIn.session().connectionId()), TestBackend.SCHEMA));
        assertThat(attached.query("SELECT 'second command'").orTimeout(20, TimeUnit.SECONDS).join().rows())
                .containsExactly(List.of("second command"));
    }

    @Test
    void changeUserLogsInAsAnotherUserAndResetsTheSession(TestBackend backend) throws SQLException {
        String other = "mybouncer_change_user";
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS '" + other + "'@'%' IDENTIFIED BY 'other-pass'");
            // An account left by an older run against an external server may have another password.
            statement.execute("ALTER USER '" + other + "'@'%' IDENTIFIED BY 'other-pass'");
            statement.execute("GRANT SELECT ON " + TestBackend.SCHEMA + ".* TO '" + other + "'@'%'");
        }
        MysqlClient client = connect(backend, user(backend));
        client.query("SET @kept = 'before'").join();

        ServerSession changed = client.changeUser(other, "other-pass", TestBackend.SCHEMA).join();

        assertThat(changed).isSameAs(client.session());
        assertThat(changed.connectionId()).isEqualTo(client.session().connectionId());
        List<String> row = client.query("SELECT CURRENT_USER(), DATABASE(), @kept").join().rows().get(0);
        assertThat(row.get(0)).startsWith(other + "@");
        assertThat(row.subList(1, 3)).containsExactly(TestBackend.SCHEMA, null);
    }

    @Test
    void refusedChangeUserKeepsTheConnectionAsThePreviousUser(TestBackend backend) {
        MysqlClient client = connect(backend, user(backend));

        assertThatThrownBy(() -> client.changeUser(backend.user(), "not-the-password", null).join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(MysqlServerException.class, e -> assertThat(e.errorCode()).isEqualTo(1045));

        assertThat(client.channel().isActive()).isTrue();
        assertThat(client.query("SELECT CURRENT_USER()").join().rows().get(0).get(0)).startsWith(backend.user() + "@");
    }
}
