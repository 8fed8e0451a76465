package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One row of a text-protocol result set: per column either 0xFB (NULL) or a length-encoded string
 * holding the value's text form.
 *
 * <p>A row can start with 0xFE when its first value is longer than 0xFFFFFF bytes, which is also
 * the header of the EOF/OK packet that ends the rows; a row like that spans several wire packets, so
 * whoever splits the response tells the two apart by payload length, before this class is reached.
 *
 * <p>Equality compares the values' contents. The byte arrays are shared, not copied: whoever builds
 * or receives a row does not modify them afterwards.
 *
 * @param values one entry per column, {@code null} for SQL NULL
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_row.html">Text Resultset Row</a>
 * @see <a href="https://mariadb.com/kb/en/resultset-row/#text-resultset-row">MariaDB Text Resultset Row</a>
 */
public record TextRow(List<byte[]> values) {
    private static final String PACKET = "text row";

    public TextRow {
        // List.copyOf rejects nulls, and NULL is a value here.
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** A row from text values, each UTF-8 encoded; {@code null} stands for SQL NULL. */
    public static TextRow of(String... values) {
        List<byte[]> bytes = new ArrayList<>(values.length);
        for (String value : values) {
            bytes.add(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }
        return new TextRow(bytes);
    }

    /**
     * Decodes a whole row payload; reads but does not release {@code payload}.
     *
     * @param columnCount the count from the result set's {@link ColumnCount}
     */
    public static TextRow decode(ByteBuf payload, int columnCount) {
        // Every value takes at least one byte, so a count the payload cannot hold is refused before
        // it sizes anything.
        if (columnCount < 0 || columnCount > payload.readableBytes()) {
            throw ProtocolException.at(PACKET, "values", payload.readerIndex(),
                    payload.readableBytes() + " bytes", "at least one byte for each of " + columnCount + " columns");
        }
        List<byte[]> values = new ArrayList<>(columnCount);
        for (int i = 0; i < columnCount; i++) {
            if (payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == BasicTypes.NULL_COLUMN) {
                payload.skipBytes(1);
                values.add(null);
            } else {
                values.add(BasicTypes.bytesLenenc(payload, "value " + i));
            }
        }
        if (payload.isReadable()) {
            throw ProtocolException.at(PACKET, "end of payload", payload.readerIndex(),
                    payload.readableBytes() + " trailing bytes", "none after " + columnCount + " values");
        }
        return new TextRow(values);
    }

    /** Writes the payload (no packet header) into {@code out}. */
    public void encode(ByteBuf out) {
        for (byte[] value : values) {
            if (value == null) {
                BasicTypes.writeInt1(out, BasicTypes.NULL_COLUMN);
            } else {
                BasicTypes.writeBytesLenenc(out, value);
            }
        }
    }

    /** The value of a column as UTF-8 text, or {@code null} for SQL NULL. */
    public String string(int column) {
        byte[] value = values.get(column);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TextRow row && RowValues.equal(values, row.values);
    }

    @Override
    public int hashCode() {
        return RowValues.hash(values);
    }

    @Override
    public String toString() {
        return "TextRow" + RowValues.toString(values);
    }
}
