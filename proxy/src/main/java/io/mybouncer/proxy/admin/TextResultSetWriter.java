package io.mybouncer.proxy.admin;

import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.ColumnFlags;
import io.mybouncer.protocol.resultset.ColumnType;
import io.mybouncer.protocol.resultset.TextRow;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the console's small result sets in the text protocol, framed as the client negotiated:
 *
 * <pre>
 * column count                      (with the metadata-follows byte when negotiated: FULL)
 * column definition × n
 * EOF                               (only without CLIENT_DEPRECATE_EOF)
 * text row × m
 * EOF, or with CLIENT_DEPRECATE_EOF an OK with header 0xFE
 * </pre>
 *
 * Text columns are VAR_STRING in utf8mb4 (collation 45, utf8mb4_general_ci, known to MySQL and
 * MariaDB alike), numeric ones LONGLONG in the binary character set, as servers describe
 * expressions. Every packet is encoded by the protocol module's records.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset.html">Text Resultset</a>
 */
final class TextResultSetWriter {
    /** utf8mb4_general_ci. */
    static final int UTF8MB4 = 45;
    /** Bytes per character in utf8mb4: a column's length counts bytes. */
    private static final int MAX_BYTES_PER_CHAR = 4;
    /** The display width of a LONGLONG: 19 digits and a sign. */
    private static final int LONGLONG_LENGTH = 20;
    /** A fresh session's status, as the login's OK reported it: autocommit, no transaction. */
    private static final ServerStatus STATUS = new ServerStatus(ServerStatus.AUTOCOMMIT);

    private TextResultSetWriter() {
    }

    /**
     * Writes {@code table} to {@code channel} without flushing, the first packet with
     * {@code sequenceId}; returns the sequence id after the last packet.
     *
     * @param capabilities what the client negotiated: CLIENT_DEPRECATE_EOF, the metadata-follows
     *                     byte and MariaDB's extended metadata change the framing
     */
    static int write(Channel channel, int sequenceId, CapabilitySet capabilities, ConsoleAnswer.Table table) {
        Sequence out = new Sequence(channel, sequenceId);
        List<ConsoleAnswer.Column> columns = table.columns();
        ColumnCount count = new ColumnCount(columns.size(), ColumnCount.hasMetadataByte(capabilities)
                ? ColumnCount.Metadata.FULL : ColumnCount.Metadata.IMPLIED);
        out.write(count::encode);
        for (int i = 0; i < columns.size(); i++) {
            out.write(definition(columns.get(i), widest(table, i)).forCapabilities(capabilities)::encode);
        }
        if (!capabilities.deprecateEof()) {
            out.write(payload -> new EofPacket(0, STATUS).encode(payload, capabilities));
        }
        for (List<String> row : table.rows()) {
            out.write(TextRow.of(row.toArray(String[]::new))::encode);
        }
        if (capabilities.deprecateEof()) {
            out.write(payload -> new OkPacket(OkPacket.EOF_HEADER, 0, 0, STATUS, 0, "", List.of())
                    .encode(payload, capabilities));
        } else {
            out.write(payload -> new EofPacket(0, STATUS).encode(payload, capabilities));
        }
        return out.next;
    }

    private static ColumnDefinition41 definition(ConsoleAnswer.Column column, int widestChars) {
        if (column.numeric()) {
            return ColumnDefinition41.ofExpression(column.name(), ColumnType.MYSQL_TYPE_LONGLONG,
                    ColumnDefinition41.BINARY_CHARSET, LONGLONG_LENGTH,
                    ColumnFlags.of(ColumnFlags.BINARY, ColumnFlags.NUM), 0);
        }
        return ColumnDefinition41.ofExpression(column.name(), ColumnType.MYSQL_TYPE_VAR_STRING, UTF8MB4,
                (long) Math.max(1, widestChars) * MAX_BYTES_PER_CHAR, ColumnFlags.NONE, 0);
    }

    /** The longest value of a column, in characters, as a server would size an expression's column. */
    private static int widest(ConsoleAnswer.Table table, int column) {
        int widest = 0;
        for (List<String> row : table.rows()) {
            String value = row.get(column);
            widest = Math.max(widest, value == null ? 0 : value.length());
        }
        return widest;
    }

    /** Writes payloads as packets with consecutive sequence ids. */
    private static final class Sequence {
        private final Channel channel;
        private int next;

        Sequence(Channel channel, int first) {
            this.channel = channel;
            this.next = first & 0xFF;
        }

        void write(Consumer<ByteBuf> encoder) {
            ByteBuf payload = channel.alloc().buffer();
            encoder.accept(payload);
            channel.write(new Packet(next, payload));
            next = (next + 1) & 0xFF;
        }
    }
}
