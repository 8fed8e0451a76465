package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients log in to {@link ClientHandshakeHandler} on a loopback port: the protocol library's
 * client, MySQL Connector/J, MariaDB Connector/J and the mariadb command-line client. Behind the
 * login there is no backend, only a stand-in session that answers OK ({@link LoginTestServer}).
 */
class ClientLoginIntegrationTest {
    private static final String USER = "app";
    private static final String PASSWORD = "app-pass";
    /** What MySQL 8.4 offers: everything the proxy implements and more. */
    private static final CapabilitySet BACKEND = new CapabilitySet(0xFFFF_FFFFL).without(Capability.CLIENT_SSL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static ClientTlsContext tls;
    private static EventLoopGroup clientGroup;
    @TempDir
    static Path directory;

    private LoginTestServer server;

    @BeforeAll
    static void setUp() throws IOException {
        tls = ClientTlsContext.generate(directory);
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void tearDown() {
        clientGroup.shutdownGracefully().syncUninterruptibly();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static FrontendSettings settings(UserDirectory users, String plugin) {
        return new FrontendSettings(new ServerIdentity("8.4.3", BACKEND, 255), plugin, tls.sslContext(), false,
                Duration.ofSeconds(10), 64L << 20, users, RsaKeys.PAIR, RANDOM);
    }

    private static UserDirectory configured() {
        return UserDirectory.of(Map.of(USER, ClientCredentials.ofPassword(PASSWORD.getBytes(StandardCharsets.UTF_8))));
    }

    /** What the lead's passthrough does with a revealed password, minus the backend login. */
    private static LoginAdmission passwordMustBe(String expected) {
        return (client, loop) -> CompletableFuture.completedFuture(
                client.password() != null && client.password().asString().equals(expected) ? Optional.empty()
                        : Optional.of(AuthDecision.Deny.of(ProxyError.ACCESS_DENIED, client.user(), "127.0.0.1", "YES")));
    }

    private void start(UserDirectory users, String plugin, LoginAdmission admission, Path unixSocket) {
        server = new LoginTestServer(settings(users, plugin), admission, unixSocket);
    }

    private MysqlClient connect(ServerAddress address, ClientOptions options) {
        return MysqlClient.connect(clientGroup, NettyTransport.NIO, address, options).join();
    }

    private ServerAddress tcp() {
        return new ServerAddress.Tcp("127.0.0.1", server.port());
    }

    private static void assertMysqlError(Throwable thrown, int code, String sqlState, String messageFragment) {
        Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
        if (cause instanceof MysqlServerException server) {
            assertThat(server.errorCode()).isEqualTo(code);
            assertThat(server.sqlState()).isEqualTo(sqlState);
        } else {
            assertThat(cause).isInstanceOf(SQLException.class);
            assertThat(((SQLException) cause).getErrorCode()).isEqualTo(code);
            assertThat(((SQLException) cause).getSQLState()).isEqualTo(sqlState);
        }
        assertThat(cause.getMessage()).contains(messageFragment);
    }

    @Test
    void protocolClientLogsInWithNativePassword() {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        try (MysqlClient client = connect(tcp(), ClientOptions.of(USER, PASSWORD).withDatabase("shop"))) {
            client.ping().join();
            assertThat(client.session().serverVersion()).isEqualTo("8.4.3");
        }
        assertThat(server.logins).singleElement().satisfies(login -> {
            assertThat(login.database()).isEqualTo("shop");
            assertThat(login.connectAttributes()).containsKey("_pid");
        });
    }

    @Test
    void protocolClientIsRefusedWithAWrongPassword() {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        assertThatThrownBy(() -> connect(tcp(), ClientOptions.of(USER, "nope")))
                .satisfies(e -> assertMysqlError(e, 1045, "28000",
                        "Access denied for user 'app'@'127.0.0.1' (using password: YES)"));
        assertThat(server.failures).singleElement()
                .satisfies(failed -> assertThat(failed.error()).isEqualTo(ProxyError.ACCESS_DENIED));
    }

    @Test
    void protocolClientVerifiesTheGeneratedCertificate() {
        start(configured(), CachingSha2Password.NAME, LoginAdmission.ACCEPT_ALL, null);

        try (MysqlClient client = connect(tcp(),
                ClientOptions.of(USER, PASSWORD).withTls(TlsMode.VERIFY_CA, tls.caCert().orElseThrow()))) {
            client.ping().join();
            assertThat(client.session().tls()).isTrue();
            assertThat(client.session().authPlugin()).isEqualTo(CachingSha2Password.NAME);
        }
        assertThat(server.logins).singleElement().satisfies(login -> assertThat(login.tls()).isTrue());
    }

    @Test
    void protocolClientRevealsItsPasswordOverTheUnixSocket() {
        Path socket = directory.resolve("login-" + System.nanoTime() + ".sock");
        start(UserDirectory.passthrough(), MysqlNativePassword.NAME, passwordMustBe("their-pass"), socket);

        try (MysqlClient client = connect(new ServerAddress.Unix(socket), ClientOptions.of("anyone", "their-pass"))) {
            client.ping().join();
            assertThat(client.session().authPlugin()).isEqualTo(CachingSha2Password.NAME);
        }
        assertThat(server.logins).singleElement().satisfies(login -> {
            assertThat(login.unixSocket()).isTrue();
            assertThat(login.tls()).isFalse();
        });
    }

    @Test
    void connectorJLogsInWithNativePassword() throws SQLException {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        try (Connection connection = DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + server.port() + "/?sslMode=DISABLED", USER, PASSWORD)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(server.logins).singleElement().satisfies(login ->
                assertThat(login.connectAttributes()).containsEntry("_client_name", "MySQL Connector/J"));
    }

    @Test
    void connectorJIsRefusedWithAWrongPassword() {
        start(configured(), CachingSha2Password.NAME, LoginAdmission.ACCEPT_ALL, null);

        assertThatThrownBy(() -> DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:" + server.port() + "/?sslMode=DISABLED", USER, "nope"))
                .satisfies(e -> assertMysqlError(e, 1045, "28000", "Access denied for user 'app'"));
    }

    @Test
    void connectorJSendsItsPasswordWithRsaOverPlainTcp() throws SQLException {
        start(UserDirectory.passthrough(), CachingSha2Password.NAME, passwordMustBe("their-pass"), null);

        try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true", "anyone", "their-pass")) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(server.logins).singleElement().satisfies(login -> assertThat(login.tls()).isFalse());
    }

    @Test
    void connectorJSendsItsPasswordInsideTls() throws SQLException {
        start(UserDirectory.passthrough(), CachingSha2Password.NAME, passwordMustBe("their-pass"), null);

        try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + server.port()
                + "/?sslMode=REQUIRED", "anyone", "their-pass")) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(server.logins).singleElement().satisfies(login -> assertThat(login.tls()).isTrue());
    }

    @Test
    void mariaDbConnectorJLogsIn() throws SQLException {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        try (Connection connection = DriverManager.getConnection(
                "jdbc:mariadb://127.0.0.1:" + server.port() + "/shop", USER, PASSWORD)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(server.logins).singleElement().satisfies(login -> assertThat(login.database()).isEqualTo("shop"));
    }

    @Test
    void mariaDbCliReachesTheQueryStage() throws Exception {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        CliResult result = mariaDbCli("-u" + USER, "-p" + PASSWORD, "--skip-ssl", "-e", "SELECT 1");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(server.logins).singleElement()
                .satisfies(login -> assertThat(login.connectAttributes()).containsEntry("_client_name", "libmariadb"));
    }

    @Test
    void mariaDbCliShowsAccessDeniedForAWrongPassword() throws Exception {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        CliResult result = mariaDbCli("-u" + USER, "-pnope", "--skip-ssl", "-e", "SELECT 1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output())
                .contains("ERROR 1045 (28000): Access denied for user 'app'@'127.0.0.1' (using password: YES)");
    }

    @Test
    void mariaDbCliVerifiesTheGeneratedCertificate() throws Exception {
        start(configured(), MysqlNativePassword.NAME, LoginAdmission.ACCEPT_ALL, null);

        CliResult result = mariaDbCli("-u" + USER, "-p" + PASSWORD, "--ssl",
                "--ssl-ca=" + tls.caCert().orElseThrow(), "--ssl-verify-server-cert", "-e", "SELECT 1");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(server.logins).singleElement().satisfies(login -> assertThat(login.tls()).isTrue());
    }

    private record CliResult(int exitCode, String output) {
    }

    private CliResult mariaDbCli(String... arguments) throws IOException, InterruptedException {
        Path cli = Path.of("/usr/bin/mariadb");
        assumeTrue(cli.toFile().canExecute(), "the mariadb command-line client is not installed");
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--no-defaults", "-h127.0.0.1",
                "-P" + server.port(), "--connect-timeout=10"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mariadb did not exit within 30 s: " + command);
        }
        return new CliResult(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
