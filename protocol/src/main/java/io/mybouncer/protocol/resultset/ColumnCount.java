package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * The first packet of a result set: how many columns follow and, when negotiated, whether their
 * definitions are sent at all.
 *
 * <p>Two capabilities add a metadata-follows byte after the count: MySQL 8's
 * CLIENT_OPTIONAL_RESULTSET_METADATA and MariaDB's MARIADB_CLIENT_CACHE_METADATA. MySQL's page lists
 * the byte before the count, but {@code Protocol_classic::start_result_metadata} writes the count
 * first, and so does MariaDB (found by capture: {@code 06 01} for six columns); the code and the wire
 * win over the page.
 *
 * <p>The first byte is never 0x00 (that is an OK packet), 0xFB (a LOCAL INFILE request) or 0xFF (an
 * ERR packet); the caller tells these apart before decoding, and a count of zero is rejected here.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html">Text Resultset</a>
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/#column-count-packet">MariaDB Column Count Packet</a>
 */
public record ColumnCount(int count, Metadata metadata) {
    private static final String PACKET = "column count";

    /** The metadata-follows byte ({@code enum_resultset_metadata}), or its absence. */
    public enum Metadata {
        /** Neither capability was negotiated: no byte, and the column definitions always follow. */
        IMPLIED(-1),
        /** RESULTSET_METADATA_NONE: no column definitions; the client uses what it cached. */
        NONE(0),
        /** RESULTSET_METADATA_FULL: the column definitions follow. */
        FULL(1);

        private final int code;

        Metadata(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public ColumnCount {
        if (count <= 0) {
            throw new IllegalArgumentException("column count must be positive: " + count);
        }
    }

    /** A count without the metadata-follows byte, as sent when neither capability is negotiated. */
    public static ColumnCount of(int count) {
        return new ColumnCount(count, Metadata.IMPLIED);
    }

    /** Whether column definition packets follow this packet. */
    public boolean metadataFollows() {
        return metadata != Metadata.NONE;
    }

    /**
     * Whether the negotiated capabilities put a metadata-follows byte in this packet. The MariaDB bit
     * counts only when the server cleared CLIENT_MYSQL, as for every extended capability.
     */
    public static boolean hasMetadataByte(CapabilitySet capabilities) {
        return capabilities.has(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA)
                || capabilities.mariaDbExtended() && capabilities.has(Capability.MARIADB_CLIENT_CACHE_METADATA);
    }

    /** Decodes a whole column count payload; reads but does not release {@code payload}. */
    public static ColumnCount decode(ByteBuf payload, CapabilitySet capabilities) {
        int offset = payload.readerIndex();
        long count = BasicTypes.intLenenc(payload, "column_count");
        // Counts become int indexes and loop bounds in the row decoders; anything past int range
        // (a hostile 2^60, or a negative 8-byte value) cannot describe a real result set.
        if (count <= 0 || count > Integer.MAX_VALUE) {
            throw ProtocolException.at(PACKET, "column_count", offset, Long.toUnsignedString(count),
                    "1.." + Integer.MAX_VALUE);
        }
        Metadata metadata = Metadata.IMPLIED;
        if (hasMetadataByte(capabilities)) {
            int flagOffset = payload.readerIndex();
            int flag = BasicTypes.int1(payload, "metadata_follows");
            if (flag == Metadata.NONE.code) {
                metadata = Metadata.NONE;
            } else if (flag == Metadata.FULL.code) {
                metadata = Metadata.FULL;
            } else {
                throw ProtocolException.at(PACKET, "metadata_follows", flagOffset, flag, "0 or 1");
            }
        }
        if (payload.isReadable()) {
            throw ProtocolException.at(PACKET, "end of payload", payload.readerIndex(),
                    payload.readableBytes() + " trailing bytes", "none");
        }
        return new ColumnCount((int) count, metadata);
    }

    /** Writes the payload (no packet header) into {@code out}. */
    public void encode(ByteBuf out) {
        BasicTypes.writeIntLenenc(out, count);
        if (metadata != Metadata.IMPLIED) {
            BasicTypes.writeInt1(out, metadata.code);
        }
    }
}
