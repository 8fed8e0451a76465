package io.mybouncer.proxy.forksafety;

import io.mybouncer.proxy.forksafety.PeerHolders.ConnectorOnly;
import io.mybouncer.proxy.forksafety.PeerHolders.Found;
import io.mybouncer.proxy.forksafety.PeerHolders.Reason;
import io.mybouncer.proxy.forksafety.PeerHolders.Unknown;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@link PeerProcesses} on Linux, from {@code /proc}:
 * <ul>
 *   <li>TCP from this host: the client's socket is the row of {@code /proc/net/tcp} (or
 *       {@code tcp6}) whose local address is the connection's client side and whose remote address
 *       is the proxy's side ({@link ProcNetTcp}); its holders are the processes with a descriptor
 *       on that socket's inode ({@link SocketHolderScan}).</li>
 *   <li>Unix socket: SO_PEERCRED names the process that connected; the client's socket is the peer
 *       of the proxy's own, which only sock_diag knows ({@link SsUnixSocketTable}); its holders are
 *       found as for TCP. Without {@code ss}, the answer is the connecting process alone
 *       ({@link ConnectorOnly}), which cannot prove or rule out sharing.</li>
 * </ul>
 * The holders are those the proxy may see: a client in another PID namespace (a Kubernetes pod
 * without {@code shareProcessNamespace}) or another user's processes, for a proxy without
 * CAP_SYS_PTRACE, are not; the answer says so rather than guess. Lookups are serialised.
 */
public final class ProcPeerProcesses implements PeerProcesses {
    private final Path procRoot;
    private final ProcNetTcp tcpTable;
    private final SocketHolderScan scan;
    private final Optional<SsUnixSocketTable> unixTable;

    ProcPeerProcesses(Path procRoot, Optional<SsUnixSocketTable> unixTable) {
        this.procRoot = procRoot;
        this.tcpTable = new ProcNetTcp(procRoot);
        this.scan = new SocketHolderScan(procRoot);
        this.unixTable = unixTable;
    }

    /** This machine's {@code /proc}, and its {@code ss} when installed. */
    public static ProcPeerProcesses onThisMachine() {
        return new ProcPeerProcesses(Path.of("/proc"), SsUnixSocketTable.onThisMachine());
    }

    @Override
    public Set<Long> childrenOf(long pid) {
        return scan.mainThreadChildren(pid);
    }

    @Override
    public synchronized PeerHolders holdersOf(ClientSocket socket, Set<Long> candidates) {
        if (socket instanceof ClientSocket.Unsupported unsupported) {
            return new Unknown(Reason.UNSUPPORTED, unsupported.why());
        }
        if (!Files.isDirectory(procRoot.resolve("net"))) {
            return new Unknown(Reason.NO_PROC, procRoot + "/net is missing");
        }
        try {
            return socket instanceof ClientSocket.Tcp tcp ? tcpHolders(tcp, candidates)
                    : unixHolders((ClientSocket.Unix) socket, candidates);
        } catch (IOException | UncheckedIOException e) {
            return new Unknown(Reason.READ_FAILED, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unknown(Reason.READ_FAILED, "interrupted while running ss");
        }
    }

    private PeerHolders tcpHolders(ClientSocket.Tcp socket, Set<Long> candidates) throws IOException {
        InetSocketAddress client = socket.clientSide();
        InetSocketAddress proxy = socket.proxySide();
        // Loopback, or this host talking to its own address: both ends are in this kernel's table.
        if (!client.getAddress().isLoopbackAddress() && !client.getAddress().equals(proxy.getAddress())) {
            return new Unknown(Reason.NOT_LOCAL, "client at " + client);
        }
        long inode = tcpTable.inodeOf(client, proxy);
        if (inode == ProcNetTcp.NOT_FOUND) {
            return new Unknown(Reason.NO_PEER_SOCKET, "no socket from " + client + " to " + proxy
                    + " in " + procRoot + "/net/tcp or tcp6");
        }
        if (inode == 0) {
            return new Unknown(Reason.NO_PEER_SOCKET, "the socket from " + client + " to " + proxy
                    + " is no longer held by any process (it is closing)");
        }
        return holders(inode, candidates);
    }

    private PeerHolders unixHolders(ClientSocket.Unix socket, Set<Long> candidates)
            throws IOException, InterruptedException {
        Set<Long> likely = new HashSet<>(candidates);
        if (socket.connectingPid() > 0) {
            likely.add(socket.connectingPid());
        }
        if (unixTable.isEmpty()) {
            return connectorOnly(socket, "ss (iproute2) is not installed, and only its sock_diag query names the"
                    + " client's socket");
        }
        long own = socketInode(procRoot.resolve("self/fd/" + socket.proxySideFd()));
        OptionalLong peer = unixTable.get().peerOf(own);
        if (peer.isEmpty()) {
            return connectorOnly(socket, "ss lists no peer for the proxy's socket " + own + " (the client closed it)");
        }
        return holders(peer.getAsLong(), likely);
    }

    private static PeerHolders connectorOnly(ClientSocket.Unix socket, String why) {
        return socket.connectingPid() > 0 ? new ConnectorOnly(socket.connectingPid(), why)
                : new Unknown(Reason.NO_PEER_SOCKET, why + "; the peer credentials name no process either"
                        + " (it is in another PID namespace)");
    }

    private PeerHolders holders(long inode, Set<Long> candidates) throws IOException {
        SocketHolderScan.Result result = scan.holders(inode, candidates);
        if (result.pids().isEmpty()) {
            return new Unknown(Reason.NO_VISIBLE_HOLDER, "socket " + inode + ": no holder among the processes"
                    + " the proxy can read; " + result.uninspected() + " could not be read");
        }
        return new Found(result.pids(), result.exhaustive(), result.uninspected());
    }

    /** The inode of the socket a descriptor symlink reads {@code socket:[INODE]}. */
    private static long socketInode(Path descriptor) throws IOException {
        String target = Files.readSymbolicLink(descriptor).toString();
        if (target.matches("socket:\\[\\d{1,18}]")) {
            return Long.parseLong(target.substring("socket:[".length(), target.length() - 1));
        }
        throw new IOException(descriptor + " is " + target + ", not a socket");
    }
}
