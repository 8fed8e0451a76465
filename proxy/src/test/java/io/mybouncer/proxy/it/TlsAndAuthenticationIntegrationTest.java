package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.MysqlErrors.assertMysqlError;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Logging in through the proxy with JDBC drivers: TLS to the proxy (its generated certificate,
 * not verified), and the 1045 a wrong password or an unknown user gets, after which the proxy still
 * serves everyone else.
 */
@ExtendWith(ScenarioBackendExtension.class)
class TlsAndAuthenticationIntegrationTest {
    private static RunningProxy proxy;
    private static EventLoopGroup clientGroup;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults());
        clientGroup = new MultiThreadIoEventLoopGroup(1, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void connectorJRequiresTlsToTheProxy() throws SQLException {
        String url = "jdbc:mysql://" + RunningProxy.HOST + ":" + proxy.port() + "/" + TestBackend.SCHEMA
                + "?sslMode=REQUIRED";
        try (Connection connection = DriverManager.getConnection(url, proxy.user(), proxy.password())) {
            assertThat(selectString(connection, "SELECT 'over tls'")).isEqualTo("over tls");
        }
    }

    @Test
    void mariaDbConnectorUsesTlsToTheProxy() throws SQLException {
        try (Connection connection = JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(),
                proxy.password(), "sslMode=trust")) {
            assertThat(selectString(connection, "SELECT 'over tls'")).isEqualTo("over tls");
        }
    }

    @Test
    void wrongPasswordIsDeniedForEveryClientAndOthersAreServed() throws Exception {
        for (JdbcClient client : JdbcClient.values()) {
            assertMysqlError(() -> client.connect(proxy, TestBackend.SCHEMA, proxy.user(), "wrong", ""),
                    1045, "28000", "Access denied for user '" + proxy.user() + "'@'127.0.0.1' (using password: YES)");
        }
        assertMysqlError(() -> MysqlClient.connect(clientGroup, NettyTransport.NIO,
                new ServerAddress.Tcp(RunningProxy.HOST, proxy.port()),
                ClientOptions.of(proxy.user(), "wrong")).get(20, TimeUnit.SECONDS),
                1045, "28000", "Access denied for user '" + proxy.user() + "'");

        try (Connection connection = JdbcClient.MYSQL_CLIENT_PREPARED.connect(proxy, TestBackend.SCHEMA,
                proxy.user(), proxy.password(), "")) {
            assertThat(selectString(connection, "SELECT 'still serving'")).isEqualTo("still serving");
        }
    }

    @Test
    void unknownUserGetsTheSameDenial() {
        assertMysqlError(() -> JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, "nobody", "whatever", ""),
                1045, "28000", "Access denied for user 'nobody'@'127.0.0.1' (using password: YES)");
    }

    private static String selectString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
