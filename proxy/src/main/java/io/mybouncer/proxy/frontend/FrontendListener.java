package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Binds the client listeners: TCP and Unix sockets (PgBouncer's {@code pooler.c}). Every accepted
 * channel gets the same initializer; the listener only knows transports and addresses.
 */
public final class FrontendListener {
    /** 64 clients connecting at once overflow small backlogs; benchmarks abort on that. */
    private static final int ACCEPT_BACKLOG = 4096;

    private final NettyTransport transport;
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup workerGroup;

    public FrontendListener(NettyTransport transport, EventLoopGroup acceptGroup, EventLoopGroup workerGroup) {
        this.transport = transport;
        this.acceptGroup = acceptGroup;
        this.workerGroup = workerGroup;
    }

    /** Listens on a TCP address; returns the bound server channel. */
    public Channel bindTcp(String host, int port, ChannelInitializer<Channel> initializer) throws InterruptedException {
        return bootstrap(transport.serverChannelClass(false), initializer)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .bind(new InetSocketAddress(host, port)).sync().channel();
    }

    /**
     * Listens on a Unix socket at {@code path} with the given permission bits (e.g. 0660). A stale
     * socket file left by a crashed process is replaced; a socket someone still listens on, or any
     * other file at that path, is an error.
     */
    public Channel bindUnix(Path path, int fileMode, ChannelInitializer<Channel> initializer)
            throws IOException, InterruptedException {
        removeStaleSocket(path);
        SocketAddress address = transport.socketAddress(new ServerAddress.Unix(path));
        Channel channel = bootstrap(transport.serverChannelClass(true), initializer).bind(address).sync().channel();
        Files.setPosixFilePermissions(path, permissions(fileMode));
        return channel;
    }

    private ServerBootstrap bootstrap(Class<? extends ServerChannel> channelClass,
            ChannelInitializer<Channel> initializer) {
        return new ServerBootstrap()
                .group(acceptGroup, workerGroup)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childHandler(initializer);
    }

    private static void removeStaleSocket(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(path)) {
            throw new IOException("cannot listen on " + path + ": a file, directory or link is in the way");
        }
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
        } catch (ConnectException stale) {
            // Nobody answers: the socket file outlived its process.
            Files.delete(path);
            return;
        }
        throw new IOException("cannot listen on " + path + ": another process is listening on it");
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
