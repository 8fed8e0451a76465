package io.mybouncer.protocol.client;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The Netty transport for this machine: the native epoll transport on Linux when its library
 * loads, NIO otherwise. Both reach TCP and Unix-socket servers; they differ in channel classes and
 * in how a Unix socket address is spelled, which this enum hides.
 *
 * <p>Netty 4.2's io_uring transport was measured as a third choice (a relayed point select through
 * the proxy, 2 cores): 3.6 {@code io_uring_enter} calls per query against 4.6 epoll-transport
 * system calls, and the same CPU per query, so it is not offered.
 */
public enum NettyTransport {
    EPOLL,
    NIO;

    /** Epoll when available, for fewer system calls per read and SO_PEERCRED on Unix sockets. */
    public static NettyTransport preferred() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    public Class<? extends Channel> channelClass(ServerAddress address) {
        boolean unix = address instanceof ServerAddress.Unix;
        return switch (this) {
            case EPOLL -> unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
            case NIO -> unix ? NioDomainSocketChannel.class : NioSocketChannel.class;
        };
    }

    /** The listening channel for TCP, or for a Unix socket when {@code unix}. */
    public Class<? extends ServerChannel> serverChannelClass(boolean unix) {
        return switch (this) {
            case EPOLL -> unix ? EpollServerDomainSocketChannel.class : EpollServerSocketChannel.class;
            case NIO -> unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
        };
    }

    public SocketAddress socketAddress(ServerAddress address) {
        if (address instanceof ServerAddress.Tcp tcp) {
            return InetSocketAddress.createUnresolved(tcp.host(), tcp.port());
        }
        String path = ((ServerAddress.Unix) address).path().toString();
        return this == EPOLL ? new DomainSocketAddress(path) : UnixDomainSocketAddress.of(path);
    }
}
