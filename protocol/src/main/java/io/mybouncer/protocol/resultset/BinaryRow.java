package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a binary-protocol result set (the response to COM_STMT_EXECUTE and COM_STMT_FETCH):
 * a 0x00 header, a NULL bitmap, then the non-NULL values one after another, each laid out as its
 * column type's {@link ColumnType.BinaryEncoding} says.
 *
 * <p>The header is 0x00, the same byte as an OK packet's. Inside a binary result set, between the
 * column definitions and the terminating EOF/OK (0xFE) or ERR (0xFF), 0x00 always starts a row; only
 * the caller, who knows it is reading rows, can make that call, so this class never sees an OK.
 *
 * <p>The NULL bitmap has one bit per column, starting at bit 2 of the first byte (the first two bits
 * are reserved in result sets; COM_STMT_EXECUTE parameters use offset 0), so it takes
 * {@code (columns + 7 + 2) / 8} bytes. Servers leave the reserved and padding bits clear; a row
 * with one set is rejected, not guessed at.
 *
 * <p>Values are kept raw: a fixed-length value's bytes as they are (little-endian), a
 * length-encoded string's content and a temporal value's parts, each without its length prefix.
 * The typed accessors read them for tests and the admin console. Equality compares contents; the
 * byte arrays are shared, not copied.
 *
 * @param types the column types, one per column, from the result set's column definitions
 * @param values one entry per column, {@code null} for SQL NULL
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html">Binary Protocol Resultset</a>
 * @see <a href="https://mariadb.com/kb/en/resultset-row/#binary-resultset-row">MariaDB Binary Resultset Row</a>
 */
public record BinaryRow(List<ColumnType> types, List<byte[]> values) {
    /** First byte of every binary row. */
    public static final int HEADER = 0x00;
    /** Bits reserved at the start of a result-set row's NULL bitmap. */
    public static final int NULL_BITMAP_OFFSET = 2;

    private static final String PACKET = "binary row";

    /**
     * Checks that each value fits its column type, so {@link #encode} writes only valid rows.
     *
     * @throws IllegalArgumentException when the lists differ in size or a value cannot be encoded
     */
    public BinaryRow {
        types = List.copyOf(types);
        values = Collections.unmodifiableList(new ArrayList<>(values));
        if (types.size() != values.size()) {
            throw new IllegalArgumentException(types.size() + " types but " + values.size() + " values");
        }
        for (int i = 0; i < types.size(); i++) {
            byte[] value = values.get(i);
            if (value != null && !types.get(i).binaryEncoding().allowsLength(value.length)) {
                throw new IllegalArgumentException("column " + i + ": " + value.length + " bytes cannot be a "
                        + types.get(i) + " value (" + types.get(i).binaryEncoding() + ")");
            }
        }
    }

    /** Bytes of the NULL bitmap of a row with {@code columns} columns. */
    public static int nullBitmapLength(int columns) {
        return (columns + 7 + NULL_BITMAP_OFFSET) / 8;
    }

    /**
     * Decodes a whole row payload; reads but does not release {@code payload}.
     *
     * @param types the column types from the result set's column definitions (or the cached ones,
     *     when the server skipped metadata)
     */
    public static BinaryRow decode(ByteBuf payload, List<ColumnType> types) {
        int headerOffset = payload.readerIndex();
        int header = BasicTypes.int1(payload, "header");
        if (header != HEADER) {
            throw ProtocolException.at(PACKET, "header", headerOffset, String.format("0x%02X", header), "0x00");
        }
        int columns = types.size();
        int bitmap = payload.readerIndex();
        int bitmapLength = nullBitmapLength(columns);
        BasicTypes.skip(payload, bitmapLength, "null_bitmap");
        for (int bit = 0; bit < bitmapLength * 8; bit++) {
            if ((bit < NULL_BITMAP_OFFSET || bit >= columns + NULL_BITMAP_OFFSET) && isSet(payload, bitmap, bit)) {
                throw ProtocolException.at(PACKET, "null_bitmap", bitmap + bit / 8, "bit " + bit + " set",
                        "reserved bits 0-1 and bits past column " + columns + " clear");
            }
        }
        List<byte[]> values = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            values.add(isSet(payload, bitmap, i + NULL_BITMAP_OFFSET) ? null : readValue(payload, types.get(i), i));
        }
        if (payload.isReadable()) {
            throw ProtocolException.at(PACKET, "end of payload", payload.readerIndex(),
                    payload.readableBytes() + " trailing bytes", "none after " + columns + " values");
        }
        return new BinaryRow(types, values);
    }

    private static boolean isSet(ByteBuf payload, int bitmap, int bit) {
        return (payload.getUnsignedByte(bitmap + bit / 8) & 1 << bit % 8) != 0;
    }

    private static byte[] readValue(ByteBuf payload, ColumnType type, int column) {
        String field = "value " + column + " (" + type + ")";
        ColumnType.BinaryEncoding encoding = type.binaryEncoding();
        if (encoding == ColumnType.BinaryEncoding.ALWAYS_NULL || encoding == ColumnType.BinaryEncoding.INTERNAL) {
            // A row holds only values it can return; these types have none, so the bitmap must say NULL.
            throw ProtocolException.at(PACKET, field, payload.readerIndex(), "not NULL in the bitmap",
                    "NULL: the type has no binary value encoding");
        }
        int lengthOffset = payload.readerIndex();
        int length = type.readValueLength(payload, field);
        // Only a temporal prefix can fail here: fixed widths and lenenc lengths are valid by construction.
        if (!encoding.allowsLength(length)) {
            throw ProtocolException.at(PACKET, field + " length", lengthOffset, length,
                    encoding == ColumnType.BinaryEncoding.TIME ? "0, 8 or 12" : "0, 4, 7 or 11");
        }
        return BasicTypes.bytesFix(payload, length, field);
    }

    /** Writes the payload (no packet header) into {@code out}. */
    public void encode(ByteBuf out) {
        BasicTypes.writeInt1(out, HEADER);
        int bitmap = out.writerIndex();
        out.writeZero(nullBitmapLength(values.size()));
        for (int i = 0; i < values.size(); i++) {
            byte[] value = values.get(i);
            if (value == null) {
                int bit = i + NULL_BITMAP_OFFSET;
                out.setByte(bitmap + bit / 8, out.getByte(bitmap + bit / 8) | 1 << bit % 8);
            } else if (types.get(i).binaryEncoding() == ColumnType.BinaryEncoding.LENENC) {
                BasicTypes.writeBytesLenenc(out, value);
            } else if (types.get(i).binaryEncoding().fixedLength() < 0) {
                // DATE_TIME and TIME: the constructor let through only their allowed lengths.
                BasicTypes.writeInt1(out, value.length);
                out.writeBytes(value);
            } else {
                out.writeBytes(value);
            }
        }
    }

    public boolean isNull(int column) {
        return values.get(column) == null;
    }

    /**
     * An integer column's value (TINY, SHORT, YEAR, INT24, LONG, LONGLONG), or {@code null} for
     * NULL. An unsigned BIGINT above {@link Long#MAX_VALUE} comes back negative: read it with
     * {@link Long#toUnsignedString(long)}.
     *
     * @param unsigned the column's {@link ColumnFlags#UNSIGNED} flag: zero- rather than sign-extend
     */
    public Long integer(int column, boolean unsigned) {
        require(column, List.of(ColumnType.MYSQL_TYPE_TINY, ColumnType.MYSQL_TYPE_SHORT, ColumnType.MYSQL_TYPE_YEAR,
                ColumnType.MYSQL_TYPE_INT24, ColumnType.MYSQL_TYPE_LONG, ColumnType.MYSQL_TYPE_LONGLONG));
        byte[] value = values.get(column);
        if (value == null) {
            return null;
        }
        long result = littleEndian(value);
        int unused = 64 - 8 * value.length;
        return unsigned || unused == 0 ? result : result << unused >> unused;
    }

    /** A FLOAT or DOUBLE column's value, or {@code null} for NULL. */
    public Double real(int column) {
        require(column, List.of(ColumnType.MYSQL_TYPE_FLOAT, ColumnType.MYSQL_TYPE_DOUBLE));
        byte[] value = values.get(column);
        if (value == null) {
            return null;
        }
        return value.length == 4 ? Float.intBitsToFloat((int) littleEndian(value))
                : Double.longBitsToDouble(littleEndian(value));
    }

    /** A length-encoded column's value (strings, blobs, decimals, ...) as UTF-8, or {@code null}. */
    public String string(int column) {
        if (types.get(column).binaryEncoding() != ColumnType.BinaryEncoding.LENENC) {
            throw new IllegalArgumentException("column " + column + " is " + types.get(column) + ", not a string");
        }
        byte[] value = values.get(column);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** A DATE, DATETIME or TIMESTAMP column's value, or {@code null} for NULL. */
    public BinaryDateTime dateTime(int column) {
        if (types.get(column).binaryEncoding() != ColumnType.BinaryEncoding.DATE_TIME) {
            throw new IllegalArgumentException("column " + column + " is " + types.get(column) + ", not a date-time");
        }
        byte[] value = values.get(column);
        return value == null ? null : BinaryDateTime.decode(value);
    }

    /** A TIME column's value, or {@code null} for NULL. */
    public BinaryTime time(int column) {
        require(column, List.of(ColumnType.MYSQL_TYPE_TIME));
        byte[] value = values.get(column);
        return value == null ? null : BinaryTime.decode(value);
    }

    private void require(int column, List<ColumnType> expected) {
        if (!expected.contains(types.get(column))) {
            throw new IllegalArgumentException("column " + column + " is " + types.get(column) + ", not one of " + expected);
        }
    }

    private static long littleEndian(byte[] value) {
        long result = 0;
        for (int i = value.length - 1; i >= 0; i--) {
            result = result << 8 | value[i] & 0xFF;
        }
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BinaryRow row && types.equals(row.types) && RowValues.equal(values, row.values);
    }

    @Override
    public int hashCode() {
        return 31 * types.hashCode() + RowValues.hash(values);
    }

    @Override
    public String toString() {
        return "BinaryRow" + RowValues.toString(values);
    }
}
