package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection attributes block that a client sends under CLIENT_CONNECT_ATTRS, at the end of
 * {@link HandshakeResponse41} and of COM_CHANGE_USER: an int&lt;lenenc&gt; total length, then that
 * many bytes of key and value string&lt;lenenc&gt; pairs, in the client's order.
 *
 * <p>Decoding is strict, the same for both packets. The total length must fit in the payload, and a
 * pair that runs past it is an error even when the payload has more bytes after the block. A
 * repeated key is an error too: the fork-hazard check reads {@code _pid}, which must not be
 * ambiguous, and libmysqlclient, MariaDB Connector/C and Connector/J keep attributes in maps, so
 * real clients never repeat one.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">Protocol::HandshakeResponse41</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html">COM_CHANGE_USER</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/performance-schema-connection-attribute-tables.html">Connection attributes</a>
 */
public final class ConnectAttributes {
    private ConnectAttributes() {
    }

    /**
     * Reads the block at the reader index and advances past it. Does not release {@code payload}.
     *
     * @param packet the packet the block is in, for error messages
     * @return the pairs in wire order, in a new modifiable map
     * @throws ProtocolException when the block is truncated, a pair runs past it, or a key repeats
     */
    public static Map<String, String> decode(ByteBuf payload, String packet) {
        int total = BasicTypes.lengthLenenc(payload, packet + " connect attributes length");
        // A view that ends where the block ends bounds every pair; it shares the payload's indexes,
        // so error offsets stay payload offsets.
        ByteBuf block = payload.duplicate().writerIndex(payload.readerIndex() + total);
        payload.skipBytes(total);
        Map<String, String> attributes = new LinkedHashMap<>();
        while (block.isReadable()) {
            int keyOffset = block.readerIndex();
            String key = BasicTypes.stringLenenc(block, packet + " connect attribute key");
            String value = BasicTypes.stringLenenc(block, packet + " connect attribute value");
            if (attributes.putIfAbsent(key, value) != null) {
                throw ProtocolException.at(packet, "connect attribute key", keyOffset, key, "unique keys");
            }
        }
        return attributes;
    }

    /** Writes the block, total length first, pairs in the map's iteration order. */
    public static void encode(ByteBuf out, Map<String, String> attributes) {
        // The pairs go through a scratch buffer: their length prefix comes first and its own size
        // depends on the total.
        ByteBuf pairs = out.alloc().buffer();
        try {
            attributes.forEach((key, value) -> {
                BasicTypes.writeStringLenenc(pairs, key);
                BasicTypes.writeStringLenenc(pairs, value);
            });
            BasicTypes.writeIntLenenc(out, pairs.readableBytes());
            out.writeBytes(pairs);
        } finally {
            pairs.release();
        }
    }
}
