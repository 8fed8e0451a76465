package io.mybouncer.protocol.client;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * The Netty transport for this machine: the native epoll transport on Linux when its library
 * loads, NIO otherwise. Both reach TCP and Unix-socket servers; they differ in channel classes and
 * in how a Unix socket address is spelled, which this enum hides.
 */
public enum NettyTransport {
    EPOLL,
    NIO;

    /** Epoll when available, for fewer system calls per read and SO_PEERCRED on Unix sockets. */
    public static NettyTransport preferred() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends Channel> channelClass(ServerAddress address) {
        boolean unix = address instanceof ServerAddress.Unix;
        if (this == EPOLL) {
            return unix ? EpollDomainSocketChannel.class : EpollSocketChannel.class;
        }
        return unix ? NioDomainSocketChannel.class : NioSocketChannel.class;
    }

    public SocketAddress socketAddress(ServerAddress address) {
        if (address instanceof ServerAddress.Tcp tcp) {
            return InetSocketAddress.createUnresolved(tcp.host(), tcp.port());
        }
        String path = ((ServerAddress.Unix) address).path().toString();
        return this == EPOLL ? new DomainSocketAddress(path) : UnixDomainSocketAddress.of(path);
    }
}
