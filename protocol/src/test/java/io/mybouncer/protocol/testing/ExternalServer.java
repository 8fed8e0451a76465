package io.mybouncer.protocol.testing;

import io.mybouncer.protocol.testing.TestBackend.Kind;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A server someone else runs, named by the environment variable {@value #VARIABLE} in the form
 * {@code host:port:user:password}. The user needs the rights to create a schema and a user; the
 * password is everything after the third colon and may be empty or contain colons.
 *
 * @param host host name or IPv4 address
 * @param port TCP port
 * @param adminUser the account used to set up the test schema and user
 * @param adminPassword its password
 */
record ExternalServer(String host, int port, String adminUser, String adminPassword) {
    static final String VARIABLE = "MYBOUNCER_TEST_MYSQL";

    static Optional<ExternalServer> fromEnvironment() {
        return Optional.ofNullable(System.getenv(VARIABLE))
                .filter(value -> !value.isBlank())
                .map(ExternalServer::parse);
    }

    static ExternalServer parse(String value) {
        String[] parts = value.split(":", 4);
        int port = parts.length > 1 && parts[1].matches("\\d{1,5}") ? Integer.parseInt(parts[1]) : 0;
        if (parts.length != 4 || parts[0].isEmpty() || port < 1 || port > 0xFFFF || parts[2].isEmpty()) {
            throw new IllegalArgumentException(VARIABLE + ": \"" + value.replaceFirst("^((?:[^:]*:){3}).+$", "$1***")
                    + "\" (expected: host:port:user:password)");
        }
        return new ExternalServer(parts[0], port, parts[2], parts[3]);
    }

    /** Provisions the test schema and user; there is nothing to stop at the end. */
    StartedBackend start() throws SQLException {
        TestBackend backend = TestBackend.provision(Kind.EXTERNAL, host, port, Optional.empty(), adminUser,
                adminPassword, Optional.empty());
        return new StartedBackend(backend, () -> { });
    }

    /** Keeps the password out of logs and assertion messages. */
    @Override
    public String toString() {
        return "ExternalServer[" + adminUser + "@" + host + ":" + port + "]";
    }
}
