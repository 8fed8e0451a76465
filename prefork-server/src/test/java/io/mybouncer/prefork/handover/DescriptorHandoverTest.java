package io.mybouncer.prefork.handover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handover within one process: a connected TCP socket's descriptor goes through the Unix
 * socket, and the copy that comes out talks to the same peer. Linux only, as the module is.
 */
class DescriptorHandoverTest {
    private static final long SELF = ProcessHandle.current().pid();
    private static final long TIMEOUT_SECONDS = 10;

    private static EventLoopGroup group;

    @TempDir
    Path directory;

    @BeforeAll
    static void startLoop() {
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aTrustedProcessGetsItsOwnDescriptorForTheSameConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Channel original = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            try (Socket peer = listener.accept()) {
                // As the master does: its own channel stops reading, only the descriptor is kept.
                original.deregister().sync();
                FileDescriptor descriptor = ((UnixChannel) original).fd();
                FileDescriptor received;
                try (DescriptorSender sender = DescriptorSender.start(group, directory.resolve("handover.sock"),
                        descriptor, pid -> pid == SELF)) {
                    received = DescriptorReceiver.receive(group, sender.path()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                assertThat(received.intValue()).isNotEqualTo(descriptor.intValue());

                Receiving inbox = new Receiving();
                Channel inherited = new EpollSocketChannel(received.intValue());
                inherited.pipeline().addLast(inbox);
                group.register(inherited).sync();
                inherited.writeAndFlush(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII)).sync();
                assertThat(new String(peer.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
                peer.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
                assertThat(inbox.await("pong".length())).isEqualTo("pong");
                inherited.close().sync();
            } finally {
                original.unsafe().closeForcibly();
            }
        }
    }

    @Test
    void anUntrustedProcessGetsNothing() throws Exception {
        FileDescriptor[] pipe = FileDescriptor.pipe();
        try (DescriptorSender sender = DescriptorSender.start(group, directory.resolve("handover.sock"), pipe[0],
                pid -> false)) {
            assertThatThrownBy(() -> DescriptorReceiver.receive(group, sender.path()).get(TIMEOUT_SECONDS,
                    TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("closed the handover socket").hasMessageContaining("without sending");
        } finally {
            pipe[0].close();
            pipe[1].close();
        }
    }

    @Test
    void noMasterListeningIsSaidPlainly() {
        Path missing = directory.resolve("nobody.sock");
        assertThatThrownBy(() -> DescriptorReceiver.receive(group, missing).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                .hasMessageContaining("cannot reach the master's handover socket " + missing);
    }

    /** Collects the bytes read, for a test thread to wait on. */
    private static final class Receiving extends SimpleChannelInboundHandler<ByteBuf> {
        private final StringBuilder text = new StringBuilder();

        @Override
        protected synchronized void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
            text.append(msg.toString(StandardCharsets.US_ASCII));
            notifyAll();
        }

        synchronized String await(int length) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (text.length() < length) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("read only '" + text + "'");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return text.toString();
        }
    }
}
