package io.mybouncer.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mybouncer.protocol.embedded.TlsFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend the fixture hands out must do, checked with real clients: both JDBC drivers, the
 * {@code mariadb} command-line client over TCP and the Unix socket, and TLS verified against the CA.
 * Subclasses choose the backend by the extension they register.
 */
abstract class BackendSmokeChecks {
    private static final int BLOB_BYTES = 20 * 1024 * 1024;

    @Test
    void testUserConnectsWithMariaDbConnectorJ(TestBackend backend) throws SQLException {
        try (Connection connection = backend.connect()) {
            assertThat(currentUserAndSchema(connection)).containsExactly("mybouncer@%", TestBackend.SCHEMA);
        }
    }

    @Test
    void testUserConnectsWithMySqlConnectorJ(TestBackend backend) throws SQLException {
        String url = backend.mysqlJdbcUrl(TestBackend.SCHEMA);
        try (Connection connection = DriverManager.getConnection(url, backend.user(), backend.password())) {
            assertThat(connection.getClass().getName()).startsWith("com.mysql.cj.");
            assertThat(currentUserAndSchema(connection)).containsExactly("mybouncer@%", TestBackend.SCHEMA);
        }
    }

    @Test
    void testUserAuthenticatesWithNativePassword(TestBackend backend) throws SQLException {
        try (Connection admin = backend.connectAsAdmin();
                ResultSet plugin = admin.createStatement().executeQuery(
                        "SELECT plugin FROM mysql.user WHERE user = 'mybouncer' AND host = '%'")) {
            assertThat(plugin.next()).isTrue();
            assertThat(plugin.getString(1)).isEqualTo("mysql_native_password");
        }
    }

    @Test
    void provisioningAgainLeavesTheTestUserWorking(TestBackend backend) throws SQLException {
        TestBackend again = TestBackend.provision(backend.kind(), backend.host(), backend.port(), backend.socket(),
                backend.adminUser(), backend.adminPassword(), backend.caCert());
        assertThat(again.serverVersion()).isEqualTo(backend.serverVersion());
        try (Connection connection = backend.connect()) {
            assertThat(currentUserAndSchema(connection)).containsExactly("mybouncer@%", TestBackend.SCHEMA);
        }
    }

    @Test
    void serverAllowsLargePacketsAndLocalInfile(TestBackend backend) throws SQLException {
        try (Connection connection = backend.connect();
                ResultSet result = connection.createStatement()
                        .executeQuery("SELECT @@max_allowed_packet, @@local_infile")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(64L * 1024 * 1024);
            assertThat(result.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void roundTripsTwentyMebibyteBlob(TestBackend backend) throws SQLException, NoSuchAlgorithmException {
        byte[] blob = new byte[BLOB_BYTES];
        new Random(42).nextBytes(blob);
        String table = TestBackend.SCHEMA + ".smoke_blob_" + getClass().getSimpleName().toLowerCase();
        try (Connection connection = backend.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, b LONGBLOB)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (1, ?)")) {
                insert.setBytes(1, blob);
                insert.executeUpdate();
            }
            try (ResultSet result = statement.executeQuery("SELECT b FROM " + table + " WHERE id = 1")) {
                assertThat(result.next()).isTrue();
                byte[] back = result.getBytes(1);
                assertThat(back).hasSize(BLOB_BYTES);
                assertThat(sha256(back)).isEqualTo(sha256(blob));
            } finally {
                statement.execute("DROP TABLE " + table);
            }
        }
    }

    @Test
    void tlsConnectionVerifiesServerAgainstCa(TestBackend backend) throws SQLException {
        assumeTrue(backend.caCert().isPresent(), "the server's CA is unknown");
        String url = backend.jdbcUrl(TestBackend.SCHEMA) + "&sslMode=verify-ca&serverSslCert=" + backend.caCert().get();
        try (Connection connection = DriverManager.getConnection(url, backend.user(), backend.password());
                ResultSet cipher = connection.createStatement().executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(cipher.next()).isTrue();
            assertThat(cipher.getString(2)).isNotBlank();
        }
    }

    @Test
    void tlsConnectionRejectsServerSignedByAnotherCa(TestBackend backend, @TempDir Path otherCa)
            throws IOException {
        assumeTrue(backend.caCert().isPresent(), "the server's CA is unknown");
        Path stranger = TlsFiles.generate(otherCa).caCert();
        String url = backend.jdbcUrl(TestBackend.SCHEMA) + "&sslMode=verify-ca&serverSslCert=" + stranger;
        assertThatThrownBy(() -> DriverManager.getConnection(url, backend.user(), backend.password()).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("PKIX path validation failed");
    }

    // The server sees a socket client's host as "localhost" and a TCP client's as "address:port":
    // proof of the transport the client used.

    @Test
    void mariadbCliConnectsOverTcp(TestBackend backend) throws IOException, InterruptedException {
        List<String> row =
                mariadbCli(backend, "--host=" + backend.host(), "--port=" + backend.port(), "--protocol=TCP");
        assertThat(row.get(0)).isEqualTo("mybouncer@%");
        assertThat(row.get(1)).isNotEqualTo("localhost");
    }

    @Test
    void mariadbCliConnectsOverUnixSocket(TestBackend backend) throws IOException, InterruptedException {
        assumeTrue(backend.socket().isPresent(), "the server has no Unix socket here");
        assertThat(mariadbCli(backend, "--socket=" + backend.socket().get(), "--protocol=SOCKET"))
                .containsExactly("mybouncer@%", "localhost");
    }

    /** Runs the {@code mariadb} client as the test user; returns its one row: user and client host. */
    private static List<String> mariadbCli(TestBackend backend, String... connection)
            throws IOException, InterruptedException {
        assumeTrue(onPath("mariadb"), "no mariadb command-line client on the PATH");
        List<String> command = new ArrayList<>(List.of("mariadb", "--no-defaults", "--batch", "--skip-column-names",
                "--user=" + backend.user(), "--password=" + backend.password(), "--database=" + TestBackend.SCHEMA));
        command.addAll(List.of(connection));
        command.add("--execute=SELECT CURRENT_USER(), SUBSTRING_INDEX(host, ':', 1)"
                + " FROM information_schema.processlist WHERE id = CONNECTION_ID()");
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(output).isZero();
        return List.of(output.split("\t"));
    }

    private static boolean onPath(String executable) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, executable)));
    }

    private static List<String> currentUserAndSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT CURRENT_USER(), DATABASE()")) {
            assertThat(result.next()).isTrue();
            return List.of(result.getString(1), result.getString(2));
        }
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
