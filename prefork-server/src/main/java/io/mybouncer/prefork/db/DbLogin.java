package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.ServerAddress;
import java.util.Objects;

/**
 * Where the database is and how to log in to it. TLS stays off: an inherited connection is spoken
 * on by several processes, and TLS state lives in one process's memory.
 *
 * @param address  a MySQL server, or mybouncer, over TCP or a Unix socket
 * @param password plaintext, never printed ({@link #toString()})
 * @param database the schema that holds table {@value KnownRows#TABLE}; {@code null} for none
 */
public record DbLogin(ServerAddress address, String user, String password, String database) {
    public DbLogin {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    public ClientOptions clientOptions() {
        return ClientOptions.of(user, password).withDatabase(database);
    }

    @Override
    public String toString() {
        return user + "@" + address + (database == null ? "" : "/" + database);
    }
}
