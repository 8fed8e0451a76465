package io.mybouncer.proxy.forksafety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcNetTcpTest {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final ProcNetTcp table = new ProcNetTcp(Path.of("/proc"));

    @Test
    void spellsAnIpv4AddressAsOneHostOrderWord() throws IOException {
        assertThat(field("127.0.0.1", 3306, false)).isEqualTo(LITTLE_ENDIAN ? "0100007F:0CEA" : "7F000001:0CEA");
    }

    @Test
    void spellsAnIpv6AddressAsFourHostOrderWords() throws IOException {
        assertThat(field("::1", 443, true)).isEqualTo(LITTLE_ENDIAN
                ? "00000000000000000000000001000000:01BB" : "00000000000000000000000000000001:01BB");
    }

    @Test
    void spellsAnIpv4AddressInTcp6AsMapped() throws IOException {
        assertThat(field("127.0.0.1", 65535, true)).isEqualTo(LITTLE_ENDIAN
                ? "0000000000000000FFFF00000100007F:FFFF" : "00000000000000000000FFFF7F000001:FFFF");
    }

    /** Both ends of a connection of this JVM: each end's row, and its inode among this JVM's descriptors. */
    @Test
    void findsBothEndsOfALoopbackConnection() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            InetSocketAddress clientSide = (InetSocketAddress) client.getLocalSocketAddress();
            InetSocketAddress serverSide = (InetSocketAddress) accepted.getLocalSocketAddress();

            long clientInode = table.inodeOf(clientSide, serverSide);
            long serverInode = table.inodeOf(serverSide, clientSide);

            assertThat(clientInode).isPositive().isNotEqualTo(serverInode);
            assertThat(ownSockets()).contains("socket:[" + clientInode + "]", "socket:[" + serverInode + "]");
        }
    }

    @Test
    void findsNoSocketForAPairNobodyConnected() throws IOException {
        InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", 9);

        assertThat(table.inodeOf(nobody, new InetSocketAddress("127.0.0.1", 10))).isEqualTo(ProcNetTcp.NOT_FOUND);
    }

    /** A table larger than the first buffer is read whole: the matching row is its last line. */
    @Test
    void readsTablesLargerThanItsFirstBuffer(@TempDir Path proc) throws IOException {
        Files.createDirectory(proc.resolve("net"));
        StringBuilder rows = new StringBuilder("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
                + " retrnsmt   uid  timeout inode\n");
        for (int i = 0; i < 1000; i++) {
            rows.append(String.format("%4d: 0100007F:%04X 0100007F:0CEA 01 00000000:00000000 00:00000000 00000000"
                    + "     0        0 %d 1 0000000000000000 20 4 30 10 -1%n", i, 20_000 + i, 5000 + i));
        }
        Files.writeString(proc.resolve("net/tcp"), rows, StandardCharsets.US_ASCII);
        ProcNetTcp large = new ProcNetTcp(proc);

        long inode = large.inodeOf(new InetSocketAddress("127.0.0.1", 20_999), new InetSocketAddress("127.0.0.1", 3306));

        assertThat(rows.length()).isGreaterThan(64 * 1024);
        assertThat(inode).isEqualTo(5999);
    }

    private static String field(String address, int port, boolean ipv6) throws IOException {
        return new String(ProcNetTcp.field(InetAddress.getByName(address), port, ipv6), StandardCharsets.US_ASCII);
    }

    private static List<String> ownSockets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                if (Files.isSymbolicLink(descriptor)) {
                    targets.add(Files.readSymbolicLink(descriptor).toString());
                }
            }
        }
        return targets;
    }
}
