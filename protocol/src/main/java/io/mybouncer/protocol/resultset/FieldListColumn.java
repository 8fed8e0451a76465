package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * A column definition as sent in a COM_FIELD_LIST response: a {@link ColumnDefinition41} followed
 * by the column's default value.
 *
 * <p>The docs describe the default as a length-encoded string. Servers write it as a text-protocol
 * value, so a column without a default gets 0xFB (NULL) there instead; captured from MariaDB 10.11,
 * where {@code note VARCHAR(300) NULL} ends in {@code fb} and {@code name ... DEFAULT 'anon'} in
 * {@code 04 61 6e 6f 6e}. COM_FIELD_LIST is deprecated since MySQL 5.7.11 but still sent by the
 * mariadb CLI's table-name completion.
 *
 * @param definition the column definition proper
 * @param defaultValue the default value as text, or {@code null} for NULL (no default)
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_field_list.html">COM_FIELD_LIST</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html">Column Definition</a>
 */
public record FieldListColumn(ColumnDefinition41 definition, String defaultValue) {
    private static final String PACKET = "column definition (COM_FIELD_LIST)";

    /** Decodes a whole COM_FIELD_LIST column definition payload; reads but does not release it. */
    public static FieldListColumn decode(ByteBuf payload, CapabilitySet capabilities) {
        ColumnDefinition41 definition = ColumnDefinition41.read(payload, capabilities);
        String defaultValue;
        if (payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == BasicTypes.NULL_COLUMN) {
            payload.skipBytes(1);
            defaultValue = null;
        } else {
            defaultValue = BasicTypes.stringLenenc(payload, "default_values");
        }
        if (payload.isReadable()) {
            throw ProtocolException.at(PACKET, "end of payload", payload.readerIndex(),
                    payload.readableBytes() + " trailing bytes", "none");
        }
        return new FieldListColumn(definition, defaultValue);
    }

    /** Writes the payload (no packet header) into {@code out}. */
    public void encode(ByteBuf out) {
        definition.encode(out);
        if (defaultValue == null) {
            BasicTypes.writeInt1(out, BasicTypes.NULL_COLUMN);
        } else {
            BasicTypes.writeStringLenenc(out, defaultValue);
        }
    }
}
