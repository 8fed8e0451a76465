package io.mybouncer.proxy.frontend;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * How a client reached the proxy, as far as authentication cares.
 *
 * @param tls        the connection was upgraded to TLS after an SslRequest
 * @param unixSocket the client connected through the Unix socket listener
 * @param host       the client's host as error messages name it: its IP address, or
 *                   {@code localhost} for the Unix socket (as MySQL does)
 */
public record ClientTransport(boolean tls, boolean unixSocket, String host) {
    public ClientTransport {
        Objects.requireNonNull(host, "host");
    }

    /**
     * Whether a plaintext password may cross this connection: TLS encrypts it, and a Unix socket
     * never leaves the machine (caching_sha2_password's rule for full authentication).
     */
    public boolean secure() {
        return tls || unixSocket;
    }

    /** The transport of {@code channel}, naming its peer as MySQL does in "Access denied" messages. */
    public static ClientTransport of(Channel channel, boolean tls, boolean unixSocket) {
        return new ClientTransport(tls, unixSocket, unixSocket ? "localhost" : host(channel.remoteAddress()));
    }

    private static String host(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(remote);
    }
}
