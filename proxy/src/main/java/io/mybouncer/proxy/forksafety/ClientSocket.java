package io.mybouncer.proxy.forksafety;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Objects;

/**
 * One client connection as the proxy sees it, with what {@link PeerProcesses} needs to find the
 * processes at the client's end. Taken from the channel on its event loop ({@link #of(Channel)}:
 * addresses and one {@code getsockopt}, no file access); the lookup itself runs elsewhere.
 */
public sealed interface ClientSocket {
    /**
     * A TCP connection.
     *
     * @param proxySide  the proxy's end: the listener's address and port
     * @param clientSide the client's end
     */
    record Tcp(InetSocketAddress proxySide, InetSocketAddress clientSide) implements ClientSocket {
        public Tcp {
            Objects.requireNonNull(proxySide, "proxySide");
            Objects.requireNonNull(clientSide, "clientSide");
        }
    }

    /**
     * A Unix-socket connection accepted by the epoll transport.
     *
     * @param proxySideFd   the proxy's file descriptor for it, valid while the channel is open
     * @param connectingPid the process that connected, from SO_PEERCRED (in the proxy's PID
     *                      namespace); 0 when the kernel could not name it (another PID namespace)
     */
    record Unix(int proxySideFd, long connectingPid) implements ClientSocket {
    }

    /**
     * A connection whose client end cannot be looked up.
     *
     * @param why the reason, for the log line
     */
    record Unsupported(String why) implements ClientSocket {
    }

    /** What the proxy knows of {@code channel}'s client end. Call on the channel's event loop. */
    static ClientSocket of(Channel channel) {
        if (channel.localAddress() instanceof InetSocketAddress local
                && channel.remoteAddress() instanceof InetSocketAddress remote) {
            return new Tcp(local, remote);
        }
        if (channel instanceof EpollDomainSocketChannel unix) {
            long pid;
            try {
                pid = unix.peerCredentials().pid();
            } catch (IOException e) {
                // The peer closed already or the kernel refused; the lookup says so.
                pid = 0;
            }
            return new Unix(unix.fd().intValue(), pid);
        }
        if (channel.localAddress() instanceof UnixDomainSocketAddress) {
            return new Unsupported("a Unix socket on the NIO transport, which has no peer credentials"
                    + " (the epoll transport has them)");
        }
        return new Unsupported("a " + channel.getClass().getSimpleName() + " with addresses "
                + channel.localAddress() + " and " + channel.remoteAddress());
    }
}
