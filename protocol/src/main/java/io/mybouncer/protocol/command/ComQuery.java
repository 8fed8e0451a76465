package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.resultset.ColumnType;
import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * COM_QUERY: run an SQL statement in the text protocol.
 *
 * <pre>
 * int&lt;1&gt;        0x03 COM_QUERY
 * if CLIENT_QUERY_ATTRIBUTES (MySQL 8.0.23+):
 *   int&lt;lenenc&gt; parameter_count
 *   int&lt;lenenc&gt; parameter_set_count (always 1)
 *   if parameter_count &gt; 0:
 *     binary&lt;var&gt; null_bitmap, (parameter_count + 7) / 8 bytes, bit i for attribute i
 *     int&lt;1&gt;      new_params_bind_flag (always 1)
 *     per attribute: int&lt;1&gt; type, int&lt;1&gt; flags, string&lt;lenenc&gt; name
 *     per non-NULL attribute: its Binary Protocol Value
 * string&lt;EOF&gt;   query
 * </pre>
 *
 * <p>With CLIENT_QUERY_ATTRIBUTES the SQL text does not start at offset 1: MySQL Connector/J sends
 * {@code 00 01} (no attributes, one set) before every query, and attributes come first when there
 * are any. The proxy forwards the payload unchanged and needs only the text, for its SQL lexer:
 * {@link #querySlice} finds it without copying anything. MariaDB has no query attributes.
 *
 * @param attributes the query attributes, empty when none were sent
 * @param query the SQL text, decoded as UTF-8
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query.html">COM_QUERY</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/query-attributes.html">Query attributes</a>
 */
public record ComQuery(List<Attribute> attributes, String query) {
    public ComQuery {
        attributes = List.copyOf(attributes);
    }

    /** A query without attributes. */
    public static ComQuery of(String query) {
        return new ComQuery(List.of(), query);
    }

    /**
     * One query attribute.
     *
     * @param name the attribute name, decoded as UTF-8
     * @param type its MYSQL_TYPE_* code
     * @param flags its flag byte ({@link ParameterTypes#UNSIGNED_FLAG})
     * @param value the whole Binary Protocol Value (a length prefix included where the type has
     *     one), or {@code null} for SQL NULL
     */
    public record Attribute(String name, int type, int flags, byte[] value) {
        public Attribute {
            value = value == null ? null : value.clone();
        }

        @Override
        public byte[] value() {
            return value == null ? null : value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attribute other && name.equals(other.name) && type == other.type
                    && flags == other.flags && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + type * 256 + flags) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Attribute[" + name + String.format(": type 0x%02X flags 0x%02X, ", type, flags)
                    + (value == null ? "NULL" : value.length + " bytes") + "]";
        }
    }

    /**
     * Decodes the whole payload, command byte included.
     *
     * @param capabilities the capabilities negotiated on the connection the payload came from
     * @throws ProtocolException when the attribute block is malformed or truncated
     */
    public static ComQuery decode(ByteBuf payload, CapabilitySet capabilities) {
        CommandType.COM_QUERY.readCommandByte(payload);
        List<Attribute> attributes = List.of();
        if (capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            attributes = readAttributes(payload);
        }
        return new ComQuery(attributes, BasicTypes.stringEof(payload));
    }

    private static List<Attribute> readAttributes(ByteBuf payload) {
        AttributeBlock block = AttributeBlock.read(payload);
        List<Attribute> attributes = new ArrayList<>(block.count());
        for (int i = 0; i < block.count(); i++) {
            int typeOffset = block.entries().readerIndex();
            int type = block.entries().readUnsignedByte();
            int flags = block.entries().readUnsignedByte();
            String name = BasicTypes.stringLenenc(block.entries(), "COM_QUERY parameter name");
            byte[] value = null;
            if (!block.isNull(payload, i)) {
                int start = payload.readerIndex();
                skipValue(payload, type, typeOffset);
                value = new byte[payload.readerIndex() - start];
                payload.getBytes(start, value);
            }
            attributes.add(new Attribute(name, type, flags, value));
        }
        return attributes;
    }

    /**
     * The attribute block read up to its values, which come after all the type entries: a second
     * reader, {@code entries}, walks the entries in step with the values, so no list is built.
     *
     * @param count how many attributes there are
     * @param bitmapIndex absolute index of the null bitmap in the payload
     * @param entries a reader at the first type entry
     */
    private record AttributeBlock(int count, int bitmapIndex, ByteBuf entries) {
        /** Reads the block's header, bitmap, bind flag and type entries, leaving {@code buf} at the first value. */
        static AttributeBlock read(ByteBuf buf) {
            int count = readAttributeHeader(buf);
            int bitmapIndex = buf.readerIndex();
            if (count > 0) {
                BasicTypes.skip(buf, (count + 7) / 8, "COM_QUERY null_bitmap");
                readBindFlag(buf);
            }
            ByteBuf entries = buf.duplicate();
            ParameterTypes.skipEntries(buf, count, true, "COM_QUERY parameter types");
            return new AttributeBlock(count, bitmapIndex, entries);
        }

        boolean isNull(ByteBuf payload, int attribute) {
            return (payload.getByte(bitmapIndex + attribute / 8) & (1 << (attribute % 8))) != 0;
        }
    }

    /**
     * Steps over one attribute value. Its type byte, at {@code typeOffset}, is the only thing that says
     * how long the value is, so an unknown one ends decoding.
     */
    private static void skipValue(ByteBuf payload, int type, int typeOffset) {
        ColumnType.of(type, "COM_QUERY", "param_type", typeOffset)
                .skipValue(payload, "COM_QUERY parameter value");
    }

    /**
     * Reads parameter_count and parameter_set_count. Each attribute takes at least three bytes (type,
     * flags, an empty name), so a count above the readable bytes is malformed: rejected before it can
     * size the bitmap or a list.
     */
    private static int readAttributeHeader(ByteBuf payload) {
        int offset = payload.readerIndex();
        long count = BasicTypes.intLenenc(payload, "COM_QUERY parameter_count");
        if (count < 0 || count > payload.readableBytes()) {
            throw ProtocolException.at("COM_QUERY", "parameter_count", offset, Long.toUnsignedString(count),
                    "<= " + payload.readableBytes() + " remaining bytes");
        }
        offset = payload.readerIndex();
        long sets = BasicTypes.intLenenc(payload, "COM_QUERY parameter_set_count");
        if (sets != 1) {
            throw ProtocolException.at("COM_QUERY", "parameter_set_count", offset, Long.toUnsignedString(sets), "1");
        }
        return (int) count;
    }

    private static void readBindFlag(ByteBuf payload) {
        int offset = payload.readerIndex();
        int flag = BasicTypes.int1(payload, "COM_QUERY new_params_bind_flag");
        if (flag != 1) {
            throw ProtocolException.at("COM_QUERY", "new_params_bind_flag", offset, flag, "1");
        }
    }

    /**
     * The absolute index in {@code payload} where the SQL text starts, found by stepping over any
     * query attributes without copying them. Neither index of {@code payload} moves.
     *
     * @throws ProtocolException when the attribute block is malformed or truncated
     */
    public static int queryIndex(ByteBuf payload, CapabilitySet capabilities) {
        ByteBuf buf = payload.duplicate();
        CommandType.COM_QUERY.readCommandByte(buf);
        if (!capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            return buf.readerIndex();
        }
        AttributeBlock block = AttributeBlock.read(buf);
        for (int i = 0; i < block.count(); i++) {
            int typeOffset = block.entries().readerIndex();
            int type = block.entries().readUnsignedByte();
            block.entries().skipBytes(1);
            block.entries().skipBytes(BasicTypes.lengthLenenc(block.entries(), "COM_QUERY parameter name"));
            if (!block.isNull(buf, i)) {
                skipValue(buf, type, typeOffset);
            }
        }
        return buf.readerIndex();
    }

    /**
     * The SQL text as a slice of {@code payload}: shared memory, no copy and no extra reference, valid
     * while the payload is. The caller releases nothing; {@code retain()} the slice to keep it longer.
     */
    public static ByteBuf querySlice(ByteBuf payload, CapabilitySet capabilities) {
        int start = queryIndex(payload, capabilities);
        return payload.slice(start, payload.writerIndex() - start);
    }

    /** The SQL text decoded in {@code charset} (the connection's character_set_client). */
    public static String queryText(ByteBuf payload, CapabilitySet capabilities, Charset charset) {
        return querySlice(payload, capabilities).toString(charset);
    }

    /**
     * Writes the payload. Under CLIENT_QUERY_ATTRIBUTES the attribute header is always written, as
     * MySQL's clients do, even when there are no attributes.
     *
     * @throws IllegalArgumentException when there are attributes but the capability is off
     */
    public void encode(ByteBuf out, CapabilitySet capabilities) {
        out.writeByte(CommandType.COM_QUERY.code());
        if (capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            writeAttributes(out);
        } else if (!attributes.isEmpty()) {
            throw new IllegalArgumentException("query attributes need CLIENT_QUERY_ATTRIBUTES");
        }
        out.writeBytes(query.getBytes(StandardCharsets.UTF_8));
    }

    private void writeAttributes(ByteBuf out) {
        BasicTypes.writeIntLenenc(out, attributes.size());
        BasicTypes.writeIntLenenc(out, 1);
        if (attributes.isEmpty()) {
            return;
        }
        byte[] nullBitmap = new byte[(attributes.size() + 7) / 8];
        for (int i = 0; i < attributes.size(); i++) {
            if (attributes.get(i).value() == null) {
                nullBitmap[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        out.writeBytes(nullBitmap).writeByte(1);
        for (Attribute a : attributes) {
            out.writeByte(a.type()).writeByte(a.flags());
            BasicTypes.writeStringLenenc(out, a.name());
        }
        for (Attribute a : attributes) {
            if (a.value() != null) {
                out.writeBytes(a.value());
            }
        }
    }
}
