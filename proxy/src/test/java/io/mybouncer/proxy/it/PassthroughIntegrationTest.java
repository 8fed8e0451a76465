package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import com.mysql.cj.jdbc.JdbcConnection;
import io.mybouncer.protocol.client.ClientLoginHandler;
import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.pool.PoolStats;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Promise;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passthrough authentication against the real server: no user is configured, the proxy obtains each
 * client's password through caching_sha2_password full authentication (over the Unix socket, TLS,
 * or RSA), checks it by logging in to the backend as that user, and then admits the same password
 * from a salted verifier without asking the backend again. Each test uses its own backend account,
 * so what the proxy remembers of one test's user never helps another.
 */
@ExtendWith(TestBackendExtension.class)
class PassthroughIntegrationTest {
    private static final long TIMEOUT_SECONDS = 20;
    private static final String PASSWORD = "pass-Through-1";

    @TempDir
    static Path directory;
    private static TestBackend backend;
    private static RunningProxy proxy;
    private static EventLoopGroup clientGroup;
    /** An admin connection kept open, so reading the server's counters opens no connection. */
    private static Connection admin;
    private static int accounts;

    /** This test's backend account, created fresh. */
    private String user;

    @BeforeAll
    static void startProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        admin = backend.connectAsAdmin();
        proxy = RunningProxy.start(backend,
                RunningProxy.Settings.defaults().withUnixSocket(directory.resolve("mybouncer.sock")).withPassthrough());
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void stopProxy() throws SQLException {
        if (proxy != null) {
            proxy.close();
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        try (Statement statement = admin.createStatement()) {
            for (int i = 1; i <= accounts; i++) {
                statement.execute("DROP USER IF EXISTS '" + account(i) + "'@'%'");
            }
        }
        admin.close();
    }

    @BeforeEach
    void createAccount() throws SQLException {
        accounts++;
        user = account(accounts);
        createUser(user, PASSWORD);
    }

    private static String account(int number) {
        return "mybouncer_pt" + number;
    }

    private static void createUser(String name, String password) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
            // An account left by an older run against an external server may have another password.
            statement.execute("ALTER USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
            statement.execute("GRANT SELECT ON " + TestBackend.SCHEMA + ".* TO '" + name + "'@'%'");
        }
    }

    @Test
    void mariaDbCliLogsInOverTheUnixSocketAndTheCheckingLoginServesItsQuery() throws Exception {
        MariaDbCli.Result result = MariaDbCli.run(List.of("--socket=" + proxy.unixSocket(), "-u" + user,
                "-p" + PASSWORD, TestBackend.SCHEMA, "-e", "SELECT CURRENT_USER(), DATABASE()"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(user + "@%\t" + TestBackend.SCHEMA);
        // One backend login in all: the one that checked the password, which then served the query.
        assertThat(poolOf(user).created()).isEqualTo(1);
    }

    @Test
    void connectorJLogsInOverTlsAndWithRsaOverPlainTcp() throws Exception {
        for (String options : List.of("sslMode=REQUIRED", "sslMode=DISABLED&allowPublicKeyRetrieval=true")) {
            try (Connection connection = connectorJ(user, PASSWORD, options)) {
                assertThat(row(connection, "SELECT CURRENT_USER()")).as(options).containsExactly(user + "@%");
            }
        }
    }

    @Test
    void mariaDbConnectorLogsInOverTlsAndWithRsaOverPlainTcp() throws Exception {
        for (String options : List.of("sslMode=trust", "sslMode=disable&allowPublicKeyRetrieval=true")) {
            try (Connection connection = JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, user, PASSWORD,
                    options)) {
                assertThat(row(connection, "SELECT CURRENT_USER()")).as(options).containsExactly(user + "@%");
            }
        }
    }

    @Test
    void aSecondLoginWithTheSamePasswordIsAdmittedWithoutAskingTheBackend() throws Exception {
        try (Connection first = connectorJ(user, PASSWORD, "sslMode=REQUIRED")) {
            assertThat(row(first, "SELECT CURRENT_USER()")).containsExactly(user + "@%");
        }
        long connectionsBefore = serverConnections();

        try (Connection second = connectorJ(user, PASSWORD, "sslMode=REQUIRED")) {
            assertThat(row(second, "SELECT CURRENT_USER()")).containsExactly(user + "@%");
        }

        assertThat(serverConnections()).as("backend logins during the second login").isEqualTo(connectionsBefore);
        assertThat(poolOf(user).created()).isEqualTo(1);
    }

    @Test
    void aWrongPasswordIsAccessDeniedAndAChangedOneIsCheckedWithTheBackendAgain() throws Exception {
        assertMysqlError(() -> connectorJ(user, "wrong", "sslMode=REQUIRED"),
                1045, "28000", "Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)");
        try (Connection connection = connectorJ(user, PASSWORD, "sslMode=REQUIRED")) {
            assertThat(row(connection, "SELECT 1")).containsExactly("1");
        }

        createUser(user, "changed-Pass-2");
        long connectionsBefore = serverConnections();
        try (Connection connection = connectorJ(user, "changed-Pass-2", "sslMode=REQUIRED")) {
            assertThat(row(connection, "SELECT CURRENT_USER()")).containsExactly(user + "@%");
        }
        assertThat(serverConnections()).as("the new password was checked with the backend")
                .isGreaterThan(connectionsBefore);
        // The verifier of the old password was replaced: the backend is asked, and refuses it.
        assertMysqlError(() -> connectorJ(user, PASSWORD, "sslMode=REQUIRED"),
                1045, "28000", "Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)");
    }

    @Test
    void mariaDbCliEncryptsItsPasswordWithRsaOverPlainTcp() throws Exception {
        MariaDbCli.Result result = MariaDbCli.tcp(proxy, user, PASSWORD, "SELECT CURRENT_USER()", "--ssl=0");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(user + "@%");
    }

    @Test
    void aPasswordSentInClearOverPlainTcpIsRefusedWithTheTransportsToUse() throws Exception {
        // No installed client does this (each fetches the RSA key); the library's client does when
        // told the connection is private, as a client without TLS and RSA would have to.
        Promise<ServerSession> login = clientGroup.next().newPromise();
        new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new PacketFrameDecoder(ClientOptions.DEFAULT_MAX_PAYLOAD),
                                PacketEncoder.INSTANCE, new ClientLoginHandler(ClientOptions.of(user, PASSWORD), true,
                                        login));
                    }
                })
                .connect(RunningProxy.HOST, proxy.port());

        assertThat(login.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertMysqlError(login.cause(), 3159, "HY000", "Connections using insecure transport are prohibited for user '"
                + user + "': the client sent its password unencrypted over plain TCP; connect with TLS or through the"
                + " Unix socket, or let the client fetch the server's RSA public key");
        assertThat(proxy.poolKeys()).noneMatch(key -> key.user().equals(user));
    }

    @Test
    void changesUserOverTheUnixSocketToAnotherPassthroughUser() throws Exception {
        String other = user + "_b";
        createUser(other, PASSWORD);
        try (MysqlClient client = MysqlClient.connect(clientGroup, NettyTransport.NIO,
                new ServerAddress.Unix(proxy.unixSocket()), ClientOptions.of(user, PASSWORD))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            client.changeUser(other, PASSWORD, TestBackend.SCHEMA).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

            assertThat(client.query("SELECT CURRENT_USER(), DATABASE()").get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .rows()).containsExactly(List.of(other + "@%", TestBackend.SCHEMA));
        } finally {
            try (Statement statement = admin.createStatement()) {
                statement.execute("DROP USER IF EXISTS '" + other + "'@'%'");
            }
        }
    }

    @Test
    void connectorJChangesUserOverTls() throws Exception {
        String other = user + "_b";
        createUser(other, PASSWORD);
        try (Connection connection = connectorJ(user, PASSWORD, "sslMode=REQUIRED")) {
            ((JdbcConnection) connection).changeUser(other, PASSWORD);
            assertThat(row(connection, "SELECT CURRENT_USER()")).containsExactly(other + "@%");
            assertMysqlError(() -> ((JdbcConnection) connection).changeUser(user, "wrong"),
                    1045, "28000", "Access denied for user '" + user + "'@'127.0.0.1' (using password: YES)");
        } finally {
            try (Statement statement = admin.createStatement()) {
                statement.execute("DROP USER IF EXISTS '" + other + "'@'%'");
            }
        }
    }

    private static Connection connectorJ(String user, String password, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://" + RunningProxy.HOST + ":" + proxy.port() + "/"
                + TestBackend.SCHEMA + "?" + options, user, password);
    }

    /** The pool of {@code user} in the test schema. */
    private static PoolStats poolOf(String user) {
        return proxy.poolKeys().stream()
                .filter(key -> key.user().equals(user) && TestBackend.SCHEMA.equals(key.database()))
                .findFirst().flatMap(proxy::pool)
                .orElseThrow(() -> new AssertionError("no pool for " + user + " in " + proxy.poolKeys()));
    }

    /** The server's count of connection attempts, read over the admin connection opened before. */
    private static long serverConnections() throws SQLException {
        return Long.parseLong(row(admin, "SHOW GLOBAL STATUS LIKE 'Connections'").get(1));
    }

    private static List<String> row(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(rows.getString(i));
            }
            return values;
        }
    }
}
