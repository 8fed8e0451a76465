package io.mybouncer.proxy.forksafety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The peer of a Unix socket: which socket (by inode) is at the other end of a connection.
 *
 * <p>{@code /proc/net/unix} lists every Unix socket's inode but not its peer's, and SO_PEERCRED names
 * only the process that connected, not the socket or its later holders. The kernel tells the peer
 * only through the sock_diag netlink interface ({@code UNIX_DIAG_PEER}, Linux 3.3+), which neither
 * the JDK nor Netty can open. iproute2's {@code ss -x} prints it, so this runs {@code ss -x -n} and
 * reads the line of the proxy's own socket: {@code u_str ESTAB 0 0 /run/mybouncer.sock 41236 * 41235}
 * (type, state, queues, local address and inode, peer address and inode). Where {@code ss} is not
 * installed, only SO_PEERCRED is available.
 *
 * @see <a href="https://man7.org/linux/man-pages/man7/sock_diag.7.html">sock_diag(7)</a>
 */
final class SsUnixSocketTable {
    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/ss"), Path.of("/bin/ss"),
            Path.of("/usr/sbin/ss"), Path.of("/sbin/ss"));
    /** ss answers in milliseconds; this bounds a hung one. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Type, state, receive queue, send queue: the columns before the local address. */
    private static final int FIRST_ADDRESS_COLUMN = 4;

    private final Path executable;

    SsUnixSocketTable(Path executable) {
        this.executable = executable;
    }

    /** The {@code ss} of this machine, when installed. */
    static Optional<SsUnixSocketTable> onThisMachine() {
        return LOCATIONS.stream().filter(Files::isExecutable).findFirst().map(SsUnixSocketTable::new);
    }

    /**
     * The inode of the socket connected to socket {@code inode}; empty when {@code ss} lists no
     * such connected socket.
     *
     * @throws IOException when {@code ss} cannot run, fails, or takes longer than the timeout
     */
    OptionalLong peerOf(long inode) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder(executable.toString(), "-x", "-n")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // Reading to the end returns early, with what was read, once the process is killed.
        CompletableFuture<Void> killer = CompletableFuture.runAsync(ss::destroyForcibly,
                CompletableFuture.delayedExecutor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        String table;
        try (InputStream out = ss.getInputStream()) {
            table = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            killer.cancel(false);
        }
        if (!ss.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            ss.destroyForcibly();
            throw new IOException(executable + " -x -n did not exit within " + TIMEOUT.toMillis() + " ms");
        }
        if (ss.exitValue() != 0) {
            throw new IOException(executable + " -x -n exited with status " + ss.exitValue());
        }
        return peerIn(table, inode);
    }

    /**
     * The peer inode on {@code inode}'s line of an {@code ss -x -n} table. A path may contain spaces,
     * so the local inode is the first column after the queues that equals it, and the peer inode is
     * the line's last column.
     */
    static OptionalLong peerIn(String table, long inode) {
        String wanted = Long.toString(inode);
        for (String line : table.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            for (int i = FIRST_ADDRESS_COLUMN; i < columns.length - 2; i++) {
                if (columns[i].equals(wanted)) {
                    return parseInode(columns[columns.length - 1]);
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong parseInode(String column) {
        try {
            long peer = Long.parseLong(column);
            // ss prints 0 for a socket without a peer (listening, or the peer closed).
            return peer > 0 ? OptionalLong.of(peer) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
