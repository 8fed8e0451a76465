package io.mybouncer.protocol.embedded;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks a starting server over its Unix socket whether it accepts connections yet, by reading the
 * first two fields of its greeting: the protocol version and the server version.
 *
 * <p>Deliberately JDK-only and minimal (the full packet is the {@code auth} package's business): it
 * must work before anything else of the protocol library is trusted, and it reads with a deadline, so
 * a server that accepts but never speaks cannot hang a start.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">
 *     Protocol::HandshakeV10</a>
 */
final class GreetingProbe {
    /** Real greetings are about 100 bytes; anything this large is not one. */
    private static final int MAX_GREETING = 4096;
    private static final int PROTOCOL_VERSION_10 = 10;
    /**
     * MariaDB 10.x puts this in front of its version so that 5.5 replicas do not read "10.0" as a
     * version older than their own (MDEV-4088); clients strip it. MariaDB 11.0.1 dropped it (MDEV-28910).
     */
    private static final String MARIADB_VERSION_PREFIX = "5.5.5-";

    private GreetingProbe() {
    }

    /**
     * The server version, or empty while the server is not accepting on {@code socket} yet.
     *
     * @throws SocketTimeoutException if the server accepted but sent no greeting before the deadline
     * @throws IOException if what it sent is not a protocol 10 greeting
     */
    static Optional<String> probe(Path socket, long deadlineNanos) throws IOException {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            // The socket file exists as soon as the server binds, a moment before it listens.
            return Optional.empty();
        }
        try (channel; Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, selector, header, deadlineNanos);
            int length = header.getShort(0) & 0xFFFF | (header.get(2) & 0xFF) << 16; // int<3> payload length
            if (length < 1 || length > MAX_GREETING) {
                throw new IOException("greeting: payload length " + length + " (expected: 1 to " + MAX_GREETING + ")");
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            readFully(channel, selector, payload, deadlineNanos);
            return Optional.of(serverVersion(payload.flip()));
        }
    }

    private static String serverVersion(ByteBuffer payload) throws IOException {
        int protocolVersion = payload.get() & 0xFF;
        if (protocolVersion != PROTOCOL_VERSION_10) {
            // 0xFF is an ERR packet (e.g. "Too many connections"); show its text.
            throw new IOException("greeting: protocol version " + protocolVersion + " (expected: 10); payload: "
                    + StandardCharsets.UTF_8.decode(payload));
        }
        int start = payload.position();
        int end = start;
        while (end < payload.limit() && payload.get(end) != 0) { // string<NUL> server version
            end++;
        }
        String version = new String(payload.array(), start, end - start, StandardCharsets.UTF_8);
        return version.startsWith(MARIADB_VERSION_PREFIX)
                ? version.substring(MARIADB_VERSION_PREFIX.length())
                : version;
    }

    private static void readFully(SocketChannel channel, Selector selector, ByteBuffer buffer, long deadlineNanos)
            throws IOException {
        while (buffer.hasRemaining()) {
            long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (waitMillis <= 0) {
                throw new SocketTimeoutException("greeting: none received before the start deadline");
            }
            selector.select(waitMillis);
            selector.selectedKeys().clear();
            if (channel.read(buffer) < 0) {
                throw new EOFException("greeting: connection closed after " + buffer.position() + " bytes");
            }
        }
    }
}
