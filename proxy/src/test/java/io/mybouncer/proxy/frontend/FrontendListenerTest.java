package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.client.NettyTransport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontendListenerTest {
    private static final ChannelInitializer<Channel> NOTHING = new ChannelInitializer<>() {
        @Override
        protected void initChannel(Channel channel) {
            channel.close();
        }
    };

    @TempDir
    Path dir;

    private EventLoopGroup group;
    private FrontendListener listener;

    @BeforeEach
    void setUp() {
        group = new MultiThreadIoEventLoopGroup(1, NettyTransport.preferred().ioHandlerFactory());
        listener = new FrontendListener(NettyTransport.preferred(), group, group);
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void bindsAUnixSocketWithTheConfiguredMode() throws Exception {
        Path socket = dir.resolve("proxy.sock");
        Channel channel = listener.bindUnix(socket, 0660, NOTHING);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
        } finally {
            channel.close().syncUninterruptibly();
        }
    }

    @Test
    void replacesASocketFileNobodyListensOn() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).as("the socket file outlives its listener").isTrue();
        Channel channel = listener.bindUnix(socket, 0600, NOTHING);
        channel.close().syncUninterruptibly();
    }

    @Test
    void refusesASocketSomeoneStillListensOn() throws Exception {
        Path socket = dir.resolve("live.sock");
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(socket));
            assertThatThrownBy(() -> listener.bindUnix(socket, 0600, NOTHING))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("another process is listening on it");
        }
    }

    @Test
    void refusesToReplaceARegularFile() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-socket"), "data");
        assertThatThrownBy(() -> listener.bindUnix(file, 0600, NOTHING))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a file, directory or link is in the way");
        assertThat(Files.readString(file)).isEqualTo("data");
    }
}
