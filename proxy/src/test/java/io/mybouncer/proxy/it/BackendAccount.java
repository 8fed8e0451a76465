package io.mybouncer.proxy.it;

import io.mybouncer.protocol.testing.TestBackend;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The backend account a test proxy logs in with; its clients log in to the proxy with the same name
 * and password. On MariaDB it is the fixture's test user. On MySQL it is an account of MySQL's
 * default plugin, caching_sha2_password (the fixture's test user keeps mysql_native_password, which
 * 8.4 only has when enabled), so the proxy's backend logins take that plugin's paths.
 *
 * @param user     account name, the same on the proxy and on the backend
 * @param password its password
 */
record BackendAccount(String user, String password) {
    /** Has every privilege on {@link TestBackend#SCHEMA}, from any host, like the fixture's test user. */
    static final String CACHING_SHA2_USER = "mybouncer_sha2";
    private static final String CACHING_SHA2_PASSWORD = "mybouncer-sha2-password";

    /**
     * The account for a proxy in front of {@code backend}. On MySQL it is created if missing, and
     * the server's caching_sha2_password cache is emptied: the proxy's first backend login takes the
     * full path (the password over TLS, or RSA-encrypted without TLS), and later ones the fast path,
     * once the server has cached the account again.
     */
    static BackendAccount forProxy(TestBackend backend) throws SQLException {
        if (backend.isMariaDb()) {
            return new BackendAccount(backend.user(), backend.password());
        }
        String account = "'" + CACHING_SHA2_USER + "'@'%'";
        String identified = "IDENTIFIED WITH caching_sha2_password BY '" + CACHING_SHA2_PASSWORD + "'";
        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS " + account + " " + identified);
            // An account left by an older run may have another password or plugin.
            statement.execute("ALTER USER " + account + " " + identified);
            statement.execute("GRANT ALL PRIVILEGES ON " + TestBackend.SCHEMA + ".* TO " + account);
            // Empties the whole authentication cache, whatever ALTER USER left in it.
            statement.execute("FLUSH PRIVILEGES");
        }
        return new BackendAccount(CACHING_SHA2_USER, CACHING_SHA2_PASSWORD);
    }

    /** Keeps the password out of assertion messages. */
    @Override
    public String toString() {
        return "BackendAccount[" + user + "]";
    }
}
