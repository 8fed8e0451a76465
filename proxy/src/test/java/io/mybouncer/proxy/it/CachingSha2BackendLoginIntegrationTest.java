package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.testing.MySqlContainerExtension;
import io.mybouncer.protocol.testing.TestBackend;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proxy's backend logins with caching_sha2_password, MySQL 8.4's default plugin, along each of
 * its paths; skipped where no Docker engine runs (MariaDB has no such server plugin). The server
 * picks the path from its cache of successful logins, which {@link BackendAccount#forProxy} empties:
 * the first login then takes the full path, the password sent over TLS or, without TLS,
 * RSA-encrypted with the server's public key (the proxy never sends it in clear over TCP, and the
 * server accepts nothing else); logins after it take the fast path, a scramble checked against the
 * cache.
 */
@ExtendWith(MySqlContainerExtension.class)
class CachingSha2BackendLoginIntegrationTest {
    @Test
    void theProxysAccountUsesCachingSha2Password(TestBackend mysql) throws SQLException {
        BackendAccount account = BackendAccount.forProxy(mysql);
        try (Connection admin = mysql.connectAsAdmin(); Statement statement = admin.createStatement();
                ResultSet plugin = statement.executeQuery(
                        "SELECT plugin FROM mysql.user WHERE user = '" + account.user() + "' AND host = '%'")) {
            assertThat(plugin.next()).isTrue();
            assertThat(plugin.getString(1)).isEqualTo("caching_sha2_password");
        }
    }

    /** Two clients at once need two backends: the first logs in the full way over TLS, the second fast. */
    @Test
    void fullAuthenticationOverTlsThenTheFastPath(TestBackend mysql) throws Exception {
        try (RunningProxy proxy = RunningProxy.start(mysql, RunningProxy.Settings.defaults());
                Connection first = connect(proxy)) {
            assertThat(backendTlsCipher(first)).as("TLS cipher of the first backend session").isNotBlank();
            try (Connection second = connect(proxy)) {
                assertThat(currentUser(second)).isEqualTo(proxy.user() + "@%");
                assertThat(proxy.pool().created()).as("backends the proxy logged in").isEqualTo(2);
            }
            assertThat(currentUser(first)).isEqualTo(proxy.user() + "@%");
        }
    }

    @Test
    void fullAuthenticationWithRsaWithoutTls(TestBackend mysql) throws Exception {
        try (RunningProxy proxy = RunningProxy.start(mysql, RunningProxy.Settings.defaults()
                .withBackendTls(TlsMode.DISABLED)); Connection client = connect(proxy)) {
            assertThat(backendTlsCipher(client)).as("TLS cipher of the backend session").isEmpty();
            assertThat(currentUser(client)).isEqualTo(proxy.user() + "@%");
        }
    }

    private static Connection connect(RunningProxy proxy) throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), proxy.password(), "");
    }

    /** Through the proxy, this is the backend session's TLS, not the client's: empty without TLS. */
    private static String backendTlsCipher(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(2);
        }
    }

    private static String currentUser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT CURRENT_USER()")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
