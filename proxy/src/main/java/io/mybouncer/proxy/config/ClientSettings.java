package io.mybouncer.proxy.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that apply to every client connection.
 *
 * @param loginTimeout  a client must finish the handshake and authentication within this time, so a
 *                      connection that never logs in cannot hold a slot under
 *                      {@code max_client_connections}
 * @param maxPacketSize the largest command a client may send, in bytes, continuation packets joined:
 *                      the proxy's counterpart of the server's {@code max_allowed_packet}; results
 *                      from the backend are streamed and not limited by it
 * @param localInfile   whether {@code LOAD DATA LOCAL INFILE} is relayed; off by default, as in MySQL 8,
 *                      because a malicious server can use it to read the client's files
 */
public record ClientSettings(Duration loginTimeout, int maxPacketSize, boolean localInfile) {
    /** The smallest {@code max_packet_size}, as for the server's {@code max_allowed_packet}. */
    public static final int MIN_PACKET_SIZE = 1024;
    /** The largest {@code max_packet_size}, as for the server's {@code max_allowed_packet}. */
    public static final int MAX_PACKET_SIZE = 1 << 30;

    public ClientSettings {
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        if (loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("loginTimeout: " + loginTimeout + " (expected: positive)");
        }
        if (maxPacketSize < MIN_PACKET_SIZE || maxPacketSize > MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("maxPacketSize: " + maxPacketSize + " (expected: "
                    + MIN_PACKET_SIZE + ".." + MAX_PACKET_SIZE + ")");
        }
    }

    /** Login within 10 s, commands up to 64 MiB (MySQL 8's max_allowed_packet), no LOCAL INFILE. */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(10), 64 << 20, false);
    }
}
