package io.mybouncer.prefork.handover;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The master's end of the handover: listens on a Unix socket and sends each trusted process that
 * connects a copy of one file descriptor, as SCM_RIGHTS ancillary data (Netty's epoll transport
 * does so when a {@link FileDescriptor} is written to a domain socket channel). The receiver gets
 * its own descriptor for the same open socket, as a forked child would.
 *
 * <p>Trust is decided from the peer's credentials (SO_PEERCRED), which the kernel fills in and the
 * peer cannot forge; the socket also lives in a directory only this user can enter.
 */
public final class DescriptorSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DescriptorSender.class.getName());

    private final Channel server;
    private final Path path;

    private DescriptorSender(Channel server, Path path) {
        this.server = server;
        this.path = path;
    }

    /**
     * Listens on {@code path} (which must not exist) and serves {@code descriptor} to processes
     * whose pid {@code trusted} accepts. The descriptor stays owned by the caller.
     */
    public static DescriptorSender start(EventLoopGroup group, Path path, FileDescriptor descriptor,
            LongPredicate trusted) throws InterruptedException {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(new Handout(descriptor, trusted))
                .bind(new DomainSocketAddress(path.toString()))
                .sync()
                .channel();
        return new DescriptorSender(server, path);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        server.close().syncUninterruptibly();
        Files.deleteIfExists(path);
    }

    /** Per accepted connection: check the peer, send the descriptor, hang up. */
    @ChannelHandler.Sharable
    private static final class Handout extends ChannelInboundHandlerAdapter {
        private final FileDescriptor descriptor;
        private final LongPredicate trusted;

        Handout(FileDescriptor descriptor, LongPredicate trusted) {
            this.descriptor = descriptor;
            this.trusted = trusted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws IOException {
            PeerCredentials peer = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials();
            if (!trusted.test(peer.pid())) {
                LOG.warning("refused the database socket to pid " + peer.pid() + " (uid " + peer.uid()
                        + "): not one of this master's workers");
                ctx.close();
                return;
            }
            // A new wrapper of the same number: Netty releases what it wrote, and must not close ours.
            ctx.writeAndFlush(new FileDescriptor(descriptor.intValue())).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(Level.WARNING, "handing the database socket over failed", cause);
            ctx.close();
        }
    }
}
