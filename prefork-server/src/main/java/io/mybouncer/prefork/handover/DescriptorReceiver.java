package io.mybouncer.prefork.handover;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** The worker's end of the handover: connects to the master's {@link DescriptorSender} and receives one descriptor. */
public final class DescriptorReceiver {
    private DescriptorReceiver() {
    }

    /** Completes with the received descriptor, which the caller then owns. */
    public static CompletableFuture<FileDescriptor> receive(EventLoopGroup group, Path path) {
        CompletableFuture<FileDescriptor> result = new CompletableFuture<>();
        new Bootstrap()
                .group(group)
                .channel(EpollDomainSocketChannel.class)
                // Read ancillary descriptors instead of bytes: each arrives as a FileDescriptor message.
                .option(EpollChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
                .handler(new Receive(path, result))
                .connect(new DomainSocketAddress(path.toString()))
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        result.completeExceptionally(new IOException("cannot reach the master's handover socket "
                                + path + ": " + connected.cause().getMessage(), connected.cause()));
                    }
                });
        return result;
    }

    private static final class Receive extends ChannelInboundHandlerAdapter {
        private final Path path;
        private final CompletableFuture<FileDescriptor> result;

        Receive(Path path, CompletableFuture<FileDescriptor> result) {
            this.path = path;
            this.result = result;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
            if (msg instanceof FileDescriptor descriptor) {
                if (!result.complete(descriptor)) {
                    descriptor.close();
                }
            } else {
                ReferenceCountUtil.release(msg);
                result.completeExceptionally(new IOException("the handover socket " + path
                        + " sent " + msg.getClass().getSimpleName() + " instead of a file descriptor"));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IOException("the master closed the handover socket " + path
                    + " without sending the database socket (see the master's log)"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
