package io.mybouncer.prefork.db;

/** The worker's database connection is gone or in an unknown state; it serves no more queries. */
public final class ConnectionLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConnectionLostException(String reason) {
        super("database connection lost: " + reason);
    }
}
