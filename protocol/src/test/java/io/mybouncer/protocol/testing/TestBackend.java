package io.mybouncer.protocol.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The real MySQL or MariaDB server this test JVM's integration tests run against, with a test
 * schema {@value #SCHEMA} and a test user that logs in with {@code mysql_native_password}.
 *
 * <p>Obtained as a test parameter, never constructed by tests:
 * <pre>{@code
 * @ExtendWith(TestBackendExtension.class)
 * class PoolIntegrationTest {
 *     @Test
 *     void reusesBackend(TestBackend backend) throws SQLException {
 *         try (Connection connection = backend.connect()) { ... }
 *     }
 * }
 * }</pre>
 * {@link TestBackendExtension} picks the server (external, private {@code mariadbd} or MySQL 8.4 in
 * a container); {@link MySqlContainerExtension} insists on MySQL 8.4. The server is shared by every
 * test class in the JVM: tests must not stop it, and should use their own tables or schemas.
 */
public final class TestBackend {
    /** Where a backend came from, in the order {@link TestBackendExtension} tries them. */
    public enum Kind {
        /** Named by {@code MYBOUNCER_TEST_MYSQL=host:port:user:password}. */
        EXTERNAL,
        /** A private {@code mariadbd} from this machine, in a temporary folder. */
        LOCAL_MARIADBD,
        /** MySQL 8.4 in a Docker container, through Testcontainers. */
        TESTCONTAINERS
    }

    /** The schema the test user owns; created if missing. */
    public static final String SCHEMA = "mybouncer_test";
    private static final String TEST_USER = "mybouncer";
    private static final String TEST_PASSWORD = "mybouncer-test-password";

    private final Kind kind;
    private final String host;
    private final int port;
    private final Optional<Path> socket;
    private final String adminUser;
    private final String adminPassword;
    private final Optional<Path> caCert;
    /** Read from the server by {@link #provision}, after which nothing here changes. */
    private final String serverVersion;

    private TestBackend(Kind kind, String host, int port, Optional<Path> socket, String adminUser, String adminPassword,
            Optional<Path> caCert, String serverVersion) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.socket = socket;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.caCert = caCert;
        this.serverVersion = serverVersion;
    }

    /**
     * Creates the test schema and user on a running server, idempotently (two JVMs may do it at
     * once against one external server), and returns the backend that describes it.
     */
    static TestBackend provision(Kind kind, String host, int port, Optional<Path> socket, String adminUser,
            String adminPassword, Optional<Path> caCert) throws SQLException {
        TestBackend unversioned = new TestBackend(kind, host, port, socket, adminUser, adminPassword, caCert, "");
        try (Connection admin = unversioned.connectAsAdmin(); Statement statement = admin.createStatement()) {
            String version = queryString(statement, "SELECT VERSION()");
            // The same plugin, two dialects: MariaDB has no "WITH plugin BY"; MySQL has no "VIA ... USING".
            String identified = version.contains("MariaDB")
                    ? "IDENTIFIED VIA mysql_native_password USING PASSWORD('" + TEST_PASSWORD + "')"
                    : "IDENTIFIED WITH mysql_native_password BY '" + TEST_PASSWORD + "'";
            String account = "'" + TEST_USER + "'@'%'";
            statement.execute("CREATE DATABASE IF NOT EXISTS " + SCHEMA);
            statement.execute("CREATE USER IF NOT EXISTS " + account + " " + identified);
            // An account left by an older run may have another password or plugin.
            statement.execute("ALTER USER " + account + " " + identified);
            statement.execute("GRANT ALL PRIVILEGES ON " + SCHEMA + ".* TO " + account);
            return new TestBackend(kind, host, port, socket, adminUser, adminPassword, caCert, version);
        }
    }

    public Kind kind() {
        return kind;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The server's Unix socket; present for {@link Kind#LOCAL_MARIADBD} only. */
    public Optional<Path> socket() {
        return socket;
    }

    /** An account with every privilege, for setup steps (creating users, schemas, killing sessions). */
    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** The test user: {@code mysql_native_password}, all privileges on {@value #SCHEMA}, from any host. */
    public String user() {
        return TEST_USER;
    }

    public String password() {
        return TEST_PASSWORD;
    }

    /**
     * The CA certificate that signed the server's TLS certificate, for {@code sslMode=verify-ca};
     * empty when unknown (external servers).
     */
    public Optional<Path> caCert() {
        return caCert;
    }

    /** {@code SELECT VERSION()}, e.g. {@code 10.11.19-MariaDB-0+deb12u1} or {@code 8.4.6}. */
    public String serverVersion() {
        return serverVersion;
    }

    public boolean isMariaDb() {
        return serverVersion.contains("MariaDB");
    }

    /**
     * A MariaDB Connector/J URL for {@code schema} (empty for none). Public key retrieval is allowed
     * because MySQL 8 accounts use caching_sha2_password, whose first plaintext login needs the
     * server's RSA key; harmless against a test server.
     */
    public String jdbcUrl(String schema) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + schema + "?allowPublicKeyRetrieval=true";
    }

    /** A MySQL Connector/J URL for {@code schema} (empty for none); see {@link #jdbcUrl(String)}. */
    public String mysqlJdbcUrl(String schema) {
        return "jdbc:mysql://" + host + ":" + port + "/" + schema + "?allowPublicKeyRetrieval=true";
    }

    /** The test user on {@value #SCHEMA}, through MariaDB Connector/J. The caller closes it. */
    public Connection connect() throws SQLException {
        return connect(TEST_USER, TEST_PASSWORD, SCHEMA);
    }

    /** The admin user, no default schema, through MariaDB Connector/J. The caller closes it. */
    public Connection connectAsAdmin() throws SQLException {
        return connect(adminUser, adminPassword, "");
    }

    /** Any account, through MariaDB Connector/J. The caller closes it. */
    public Connection connect(String user, String password, String schema) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(schema), user, password);
    }

    /** The one line the fixture logs, naming what it uses; never the passwords. */
    @Override
    public String toString() {
        return kind + " " + serverVersion + " at " + host + ":" + port
                + socket.map(path -> ", socket " + path).orElse("")
                + caCert.map(path -> ", TLS CA " + path).orElse("");
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException(sql + ": no row");
            }
            return result.getString(1);
        }
    }
}
