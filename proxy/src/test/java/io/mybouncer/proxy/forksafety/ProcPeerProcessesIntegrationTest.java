package io.mybouncer.proxy.forksafety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.proxy.forksafety.PeerHolders.ConnectorOnly;
import io.mybouncer.proxy.forksafety.PeerHolders.Found;
import io.mybouncer.proxy.forksafety.PeerHolders.Reason;
import io.mybouncer.proxy.forksafety.PeerHolders.Unknown;
import io.mybouncer.proxy.frontend.FrontendListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who holds the client end of real connections accepted by the proxy's own listener: clients in
 * this JVM and in {@code python3} processes, some of which fork so that two processes hold one
 * socket, over IPv4 and IPv6 loopback TCP and Unix sockets; and the cases where the answer is
 * unknown, each with its reason.
 */
class ProcPeerProcessesIntegrationTest {
    private static final long TIMEOUT_SECONDS = 20;
    private static final long SELF = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private final PeerProcesses peers = ProcPeerProcesses.onThisMachine();
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private EventLoopGroup group;
    private Channel server;

    @AfterEach
    void stopListening() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void findsThisJvmHoldingALoopbackConnection() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        try (Socket client = new Socket("127.0.0.1", port)) {
            PeerHolders holders = peers.holdersOf(acceptedSocket(), Set.of());

            assertThat(holderPids(holders)).containsExactly(SELF);
            assertThat(((Found) holders).exhaustive()).isTrue();
        }
    }

    @Test
    void findsTheOneProcessOfAnIpv4Client() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        try (PythonSocketClient client = PythonSocketClient.tcp("tcp", "127.0.0.1", port, false)) {
            assertThat(holderPids(peers.holdersOf(acceptedSocket(), Set.of()))).containsExactlyInAnyOrderElementsOf(client.pids());
        }
    }

    @Test
    void findsBothProcessesAfterTheClientForks() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        try (PythonSocketClient client = PythonSocketClient.tcp("tcp", "127.0.0.1", port, true)) {
            PeerHolders holders = peers.holdersOf(acceptedSocket(), Set.of());

            assertThat(client.pids()).hasSize(2);
            assertThat(holderPids(holders)).containsExactlyInAnyOrderElementsOf(client.pids());
            assertThat(((Found) holders).exhaustive()).isTrue();
        }
    }

    @Test
    void stopsOnceTheCandidatesAndTheirChildrenShowTwoHolders() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        try (PythonSocketClient client = PythonSocketClient.tcp("tcp", "127.0.0.1", port, true)) {
            PeerHolders holders = peers.holdersOf(acceptedSocket(), Set.of(client.pids().get(0)));

            assertThat(holderPids(holders)).containsExactlyInAnyOrderElementsOf(client.pids());
            assertThat(((Found) holders).exhaustive()).as("stopped before searching every process").isFalse();
        }
    }

    @Test
    void findsAnIpv6LoopbackClient() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "::1");
        try (PythonSocketClient client = PythonSocketClient.tcp("tcp6", "::1", port, true)) {
            ClientSocket socket = acceptedSocket();

            assertThat(((ClientSocket.Tcp) socket).clientSide().getAddress()).isInstanceOf(Inet6Address.class);
            assertThat(holderPids(peers.holdersOf(socket, Set.of()))).containsExactlyInAnyOrderElementsOf(client.pids());
        }
    }

    /** A listener on {@code ::} serves IPv4 too; the client's socket is in tcp or, if it is IPv6, in tcp6. */
    @Test
    void findsIpv4AndIpv4MappedClientsOfADualStackListener() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "::");
        try (PythonSocketClient ipv4 = PythonSocketClient.tcp("tcp", "127.0.0.1", port, false)) {
            assertThat(holderPids(peers.holdersOf(acceptedSocket(), Set.of()))).containsExactlyInAnyOrderElementsOf(ipv4.pids());
        }
        try (PythonSocketClient mapped = PythonSocketClient.tcp("tcp6", "::ffff:127.0.0.1", port, false)) {
            assertThat(holderPids(peers.holdersOf(acceptedSocket(), Set.of()))).containsExactlyInAnyOrderElementsOf(mapped.pids());
        }
    }

    @Test
    void findsThisJvmOnAUnixSocket() throws Exception {
        try (SocketChannel client = connectFromThisJvm(listenUnix(NettyTransport.EPOLL))) {
            ClientSocket socket = acceptedSocket();

            assertThat(((ClientSocket.Unix) socket).connectingPid()).isEqualTo(SELF);
            assertThat(holderPids(peers.holdersOf(socket, Set.of()))).containsExactly(SELF);
        }
    }

    @Test
    void findsBothProcessesOfAForkedUnixClient() throws Exception {
        Path path = listenUnix(NettyTransport.EPOLL);
        assumeTrue(SsUnixSocketTable.onThisMachine().isPresent(), "no ss (iproute2) on this machine");
        try (PythonSocketClient client = PythonSocketClient.unix(path, true)) {
            ClientSocket socket = acceptedSocket();

            assertThat(((ClientSocket.Unix) socket).connectingPid()).isEqualTo(client.pids().get(0));
            assertThat(holderPids(peers.holdersOf(socket, Set.of()))).containsExactlyInAnyOrderElementsOf(client.pids());
        }
    }

    @Test
    void withoutSsOnlyTheProcessThatConnectedIsKnown() throws Exception {
        Path path = listenUnix(NettyTransport.EPOLL);
        PeerProcesses withoutSs = new ProcPeerProcesses(Path.of("/proc"), Optional.empty());
        try (PythonSocketClient client = PythonSocketClient.unix(path, true)) {
            PeerHolders holders = withoutSs.holdersOf(acceptedSocket(), Set.of());

            assertThat(holders).isInstanceOf(ConnectorOnly.class);
            assertThat(((ConnectorOnly) holders).pid()).isEqualTo(client.pids().get(0));
            assertThat(((ConnectorOnly) holders).why()).contains("ss (iproute2) is not installed");
        }
    }

    @Test
    void unixSocketsOfTheNioTransportAreUnsupported() throws Exception {
        try (SocketChannel client = connectFromThisJvm(listenUnix(NettyTransport.NIO))) {
            ClientSocket socket = acceptedSocket();

            assertThat(socket).isInstanceOf(ClientSocket.Unsupported.class);
            assertUnknown(peers.holdersOf(socket, Set.of()), Reason.UNSUPPORTED, "no peer credentials");
        }
    }

    @Test
    void aClientOnAnotherHostIsNotLookedUp() {
        assertUnknown(peers.holdersOf(unconnected("10.1.2.3", "192.0.2.7"), Set.of()), Reason.NOT_LOCAL, "192.0.2.7");
    }

    @Test
    void aClosedConnectionHasNoClientSocket() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        ClientSocket socket;
        try (Socket client = new Socket("127.0.0.1", port)) {
            socket = acceptedSocket();
        }
        // Closed by this JVM, the client's socket lingers without an inode (FIN_WAIT, TIME_WAIT) or is gone.
        assertUnknown(peers.holdersOf(socket, Set.of()), Reason.NO_PEER_SOCKET, "127.0.0.1");
    }

    /**
     * What a proxy in its own PID namespace sees (a Kubernetes sidecar without a shared process
     * namespace): the network namespace's socket table, but none of the client's processes. Here
     * a {@code /proc} with this machine's {@code net} and no processes at all.
     */
    @Test
    void aClientInAnotherPidNamespaceHasNoVisibleHolder() throws Exception {
        Path procWithoutProcesses = Files.createDirectory(dir.resolve("proc"));
        Files.createSymbolicLink(procWithoutProcesses.resolve("net"), Path.of("/proc/self/net"));
        PeerProcesses isolated = new ProcPeerProcesses(procWithoutProcesses, Optional.empty());
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        try (PythonSocketClient client = PythonSocketClient.tcp("tcp", "127.0.0.1", port, false)) {
            assertUnknown(isolated.holdersOf(acceptedSocket(), Set.of(client.pids().get(0))),
                    Reason.NO_VISIBLE_HOLDER, "no holder among the processes the proxy can read");
        }
    }

    @Test
    void withoutProcNothingIsKnown() {
        PeerProcesses noProc = new ProcPeerProcesses(dir.resolve("no-proc-here"), Optional.empty());

        assertUnknown(noProc.holdersOf(unconnected("127.0.0.1", "127.0.0.1"), Set.of()), Reason.NO_PROC,
                "no-proc-here/net is missing");
    }

    @Test
    void namesTheClientAndTheProcessItForked() throws Exception {
        int port = listenTcp(NettyTransport.preferred(), "127.0.0.1");
        try (PythonSocketClient client = PythonSocketClient.tcp("tcp", "127.0.0.1", port, true)) {
            ProcessInfo parent = ProcessInfo.of(client.pids().get(0)).orElseThrow();
            ProcessInfo fork = ProcessInfo.of(client.pids().get(1)).orElseThrow();

            assertThat(parent.parentPid()).isEqualTo(SELF);
            assertThat(parent.program()).isEqualTo("/usr/bin/python3");
            assertThat(fork.parentPid()).isEqualTo(parent.pid());
            assertThat(fork.program()).isEqualTo(parent.program());
        }
    }

    private int listenTcp(NettyTransport transport, String host) throws InterruptedException {
        server = listener(transport).bindTcp(host, 0, keepAccepted());
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private Path listenUnix(NettyTransport transport) throws Exception {
        assumeTrue(transport != NettyTransport.EPOLL || Epoll.isAvailable(), "no epoll transport here");
        Path path = dir.resolve("proxy.sock");
        server = listener(transport).bindUnix(path, 0600, keepAccepted());
        return path;
    }

    private static SocketChannel connectFromThisJvm(Path unixSocket) throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(unixSocket));
    }

    private FrontendListener listener(NettyTransport transport) {
        group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        return new FrontendListener(transport, group, group);
    }

    private ChannelInitializer<Channel> keepAccepted() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                accepted.add(channel);
            }
        };
    }

    /** The next connection the listener accepted, as the proxy would describe it on its event loop. */
    private ClientSocket acceptedSocket() throws Exception {
        Channel channel = accepted.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(channel).as("a connection accepted within %d s", TIMEOUT_SECONDS).isNotNull();
        return channel.eventLoop().submit(() -> ClientSocket.of(channel)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A TCP connection that exists only as addresses: the proxy at port 6033, the client at port 50000. */
    private static ClientSocket unconnected(String proxyHost, String clientHost) {
        return new ClientSocket.Tcp(new InetSocketAddress(proxyHost, 6033), new InetSocketAddress(clientHost, 50_000));
    }

    private static Set<Long> holderPids(PeerHolders holders) {
        assertThat(holders).isInstanceOf(Found.class);
        return ((Found) holders).pids();
    }

    private static void assertUnknown(PeerHolders holders, Reason reason, String detailFragment) {
        assertThat(holders).isInstanceOf(Unknown.class);
        assertThat(((Unknown) holders).reason()).isEqualTo(reason);
        assertThat(((Unknown) holders).detail()).contains(detailFragment);
    }
}
