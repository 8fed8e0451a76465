package io.mybouncer.proxy.forksafety;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Finds a TCP socket's inode in the kernel's socket tables, {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}, by its local and remote address. The tables hold every TCP socket of
 * the network namespace, whichever process owns it.
 *
 * <p>After a header line, one line per socket, fields separated by spaces:
 * {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...}.
 * An address is hex: an IPv4 address as one 32-bit word, an IPv6 address as four, each word printed
 * with {@code %08X} in the host's byte order (127.0.0.1 is {@code 0100007F} on x86), then a colon
 * and the port with {@code %04X}. An IPv4 peer of an IPv6 socket appears as {@code ::ffff:a.b.c.d}.
 * A socket its process has closed, but which lingers (FIN_WAIT, TIME_WAIT), has inode 0.
 *
 * <p>The tables grow with the number of connections, so they are read into one reused buffer and
 * compared byte by byte: no string or object per line. Not thread-safe.
 *
 * @see <a href="https://www.kernel.org/doc/Documentation/networking/proc_net_tcp.txt">proc_net_tcp.txt</a>
 */
final class ProcNetTcp {
    /** The inode, when no socket matches. */
    static final long NOT_FOUND = -1;
    private static final int LOCAL_FIELD = 1;
    private static final int REMOTE_FIELD = 2;
    private static final int INODE_FIELD = 9;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** Bytes 10 and 11 of an IPv4-mapped IPv6 address (RFC 4291 section 2.5.5.2). */
    private static final int MAPPED_MARKER = 0xFFFF;

    private final Path tcp;
    private final Path tcp6;
    /** Holds the table being searched; grows to the largest table read, then is reused. */
    private byte[] buffer = new byte[16 * 1024];

    ProcNetTcp(Path procRoot) {
        this.tcp = procRoot.resolve("net/tcp");
        this.tcp6 = procRoot.resolve("net/tcp6");
    }

    /**
     * The inode of the socket bound to {@code local} and connected to {@code remote}: positive, 0
     * for a socket no process holds any more, or {@link #NOT_FOUND}.
     *
     * @throws IOException when a table exists but cannot be read
     */
    long inodeOf(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        InetAddress localAddress = local.getAddress();
        InetAddress remoteAddress = remote.getAddress();
        if (localAddress instanceof Inet4Address && remoteAddress instanceof Inet4Address) {
            long inode = search(tcp, field(localAddress, local.getPort(), false),
                    field(remoteAddress, remote.getPort(), false));
            if (inode != NOT_FOUND) {
                return inode;
            }
        }
        // An IPv6 socket, or an IPv6 socket talking IPv4 (a dual-stack listener's accepted socket).
        return search(tcp6, field(localAddress, local.getPort(), true), field(remoteAddress, remote.getPort(), true));
    }

    private long search(Path table, byte[] local, byte[] remote) throws IOException {
        int length;
        try {
            length = read(table);
        } catch (NoSuchFileException e) {
            // No IPv6 in this kernel: no tcp6 table, so no such socket.
            return NOT_FOUND;
        }
        int lineStart = 0;
        while (lineStart < length) {
            int lineEnd = indexOf(buffer, (byte) '\n', lineStart, length);
            long inode = matchLine(lineStart, lineEnd, local, remote);
            if (inode != NOT_FOUND) {
                return inode;
            }
            lineStart = lineEnd + 1;
        }
        return NOT_FOUND;
    }

    /** The line's inode when its local and remote fields are the ones sought, else {@link #NOT_FOUND}. */
    private long matchLine(int start, int end, byte[] local, byte[] remote) {
        int field = 0;
        int position = start;
        while (position < end) {
            while (position < end && buffer[position] == ' ') {
                position++;
            }
            int fieldEnd = indexOf(buffer, (byte) ' ', position, end);
            if (field == LOCAL_FIELD && !Arrays.equals(buffer, position, fieldEnd, local, 0, local.length)
                    || field == REMOTE_FIELD && !Arrays.equals(buffer, position, fieldEnd, remote, 0, remote.length)) {
                return NOT_FOUND;
            }
            if (field == INODE_FIELD) {
                return parseDecimal(position, fieldEnd);
            }
            field++;
            position = fieldEnd;
        }
        return NOT_FOUND;
    }

    private long parseDecimal(int start, int end) {
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9) {
                return NOT_FOUND;
            }
            value = value * 10 + digit;
        }
        return start < end ? value : NOT_FOUND;
    }

    /** Reads the whole table into {@link #buffer} (procfs reports no size, so read to the end); returns its length. */
    private int read(Path table) throws IOException {
        try (InputStream in = Files.newInputStream(table)) {
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    return length;
                }
                length += read;
            }
        }
    }

    /**
     * The table's spelling of an address and port, as ASCII: {@code 0100007F:0CEA}, or 32 hex digits
     * and the port for tcp6 (an IPv4 address then in its mapped form).
     */
    static byte[] field(InetAddress address, int port, boolean ipv6) {
        byte[] raw = address.getAddress();
        if (ipv6 && raw.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) (MAPPED_MARKER >> 8);
            mapped[11] = (byte) MAPPED_MARKER;
            System.arraycopy(raw, 0, mapped, 12, 4);
            raw = mapped;
        }
        byte[] field = new byte[raw.length * 2 + 5];
        boolean littleEndian = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        int out = 0;
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                // The kernel prints each word of the address, held in network order, as a host integer.
                int b = raw[word + (littleEndian ? 3 - i : i)] & 0xFF;
                field[out++] = HEX[b >> 4];
                field[out++] = HEX[b & 0xF];
            }
        }
        field[out++] = ':';
        for (int shift = 12; shift >= 0; shift -= 4) {
            field[out++] = HEX[(port >> shift) & 0xF];
        }
        return field;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }
}
