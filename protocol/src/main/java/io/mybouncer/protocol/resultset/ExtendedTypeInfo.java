package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * MariaDB's extended type information, carried in a column definition after the column name when
 * MARIADB_CLIENT_EXTENDED_METADATA is negotiated: a length-encoded block of (1-byte key,
 * length-encoded string) pairs, key 0x00 a data type name and key 0x01 a format.
 *
 * <p>It refines the base type, which is all a MySQL client sees: a GEOMETRY column with type name
 * "point", a BLOB column with format "json", a STRING column with type name "uuid" or "inet6". With
 * the capability on, the server sends the block for every column, empty ({@code 00}) when there is
 * nothing to add; so {@link #EMPTY} still writes one byte, and a column definition without the
 * capability has no {@code ExtendedTypeInfo} at all.
 *
 * <p>The server writes the type name before the format (captured from MariaDB 10.11); this class
 * encodes in that order. Unknown or repeated keys are rejected, not skipped: the docs define only
 * these two.
 *
 * @param typeName the data type name (key 0x00), or {@code null} when the block has none
 * @param format the format (key 0x01), or {@code null} when the block has none
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/#column-definition-packet">MariaDB Column Definition Packet</a>
 */
public record ExtendedTypeInfo(String typeName, String format) {
    /** The block a column without extended type information gets: length 0. */
    public static final ExtendedTypeInfo EMPTY = new ExtendedTypeInfo(null, null);

    /** Key of the data type name entry. */
    public static final int TYPE_NAME = 0x00;
    /** Key of the format entry. */
    public static final int FORMAT = 0x01;

    private static final String PACKET = "column definition";

    /** Reads the length-encoded block at the reader index of a column definition payload. */
    public static ExtendedTypeInfo decode(ByteBuf payload) {
        int length = BasicTypes.lengthLenenc(payload, "extended_type_info");
        ByteBuf block = payload.readSlice(length);
        String typeName = null;
        String format = null;
        while (block.isReadable()) {
            int keyOffset = payload.readerIndex() - block.readableBytes();
            int key = BasicTypes.int1(block, "extended_type_info key");
            if (key == TYPE_NAME && typeName == null) {
                typeName = BasicTypes.stringLenenc(block, "extended_type_info type name");
            } else if (key == FORMAT && format == null) {
                format = BasicTypes.stringLenenc(block, "extended_type_info format");
            } else {
                throw ProtocolException.at(PACKET, "extended_type_info key", keyOffset, key,
                        "0x00 (type name) or 0x01 (format), each at most once");
            }
        }
        return new ExtendedTypeInfo(typeName, format);
    }

    /** Writes the length-encoded block into {@code out}. */
    public void encode(ByteBuf out) {
        byte[] name = typeName == null ? null : typeName.getBytes(StandardCharsets.UTF_8);
        byte[] fmt = format == null ? null : format.getBytes(StandardCharsets.UTF_8);
        BasicTypes.writeIntLenenc(out, entrySize(name) + entrySize(fmt));
        if (name != null) {
            BasicTypes.writeInt1(out, TYPE_NAME);
            BasicTypes.writeBytesLenenc(out, name);
        }
        if (fmt != null) {
            BasicTypes.writeInt1(out, FORMAT);
            BasicTypes.writeBytesLenenc(out, fmt);
        }
    }

    /** Bytes one (key, lenenc string) entry takes: key byte, length prefix, value. */
    private static long entrySize(byte[] value) {
        if (value == null) {
            return 0;
        }
        int prefix = value.length < 0xFB ? 1 : value.length < 1 << 16 ? 3 : value.length < 1 << 24 ? 4 : 9;
        return 1L + prefix + value.length;
    }
}
