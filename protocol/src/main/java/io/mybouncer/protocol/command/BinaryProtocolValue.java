package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * How many bytes one Binary Protocol Value of a given MYSQL_TYPE_* occupies, so a decoder can step
 * over values it does not interpret. COM_QUERY needs this: its query attributes sit before the SQL
 * text, and the text starts only after the last value.
 *
 * <p>Fixed-size integers and floats take their width; dates and times a 1-byte length and that many
 * bytes; everything string-like (decimals, strings, blobs, JSON, BIT, ENUM, SET, GEOMETRY, VECTOR) a
 * string&lt;lenenc&gt;. Type codes only used inside the server (TIMESTAMP2 and friends) never appear
 * on the wire, so they are rejected rather than guessed.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html#sect_protocol_binary_resultset_row_value">Binary Protocol Value</a>
 * @see <a href="https://mariadb.com/kb/en/resultset-row/">MariaDB binary resultset row</a>
 */
final class BinaryProtocolValue {
    private BinaryProtocolValue() {
    }

    /**
     * Advances past one value of {@code type}, checking every length against the readable bytes.
     *
     * @throws ProtocolException when the value does not fit or the type has no wire form
     */
    static void skip(ByteBuf buf, int type, String field) {
        switch (type) {
            case 0x06: // NULL: the null bitmap says it, no bytes follow
                return;
            case 0x01: // TINY
                BasicTypes.skip(buf, 1, field);
                return;
            case 0x02: // SHORT
            case 0x0D: // YEAR
                BasicTypes.skip(buf, 2, field);
                return;
            case 0x03: // LONG
            case 0x04: // FLOAT
            case 0x09: // INT24, sent as 4 bytes
                BasicTypes.skip(buf, 4, field);
                return;
            case 0x05: // DOUBLE
            case 0x08: // LONGLONG
                BasicTypes.skip(buf, 8, field);
                return;
            case 0x07: // TIMESTAMP
            case 0x0A: // DATE
            case 0x0B: // TIME
            case 0x0C: // DATETIME
                BasicTypes.skip(buf, BasicTypes.int1(buf, field + " length"), field);
                return;
            case 0x00: // DECIMAL
            case 0x0F: // VARCHAR
            case 0x10: // BIT
            case 0xF2: // VECTOR (MySQL 9)
            case 0xF5: // JSON
            case 0xF6: // NEWDECIMAL
            case 0xF7: // ENUM
            case 0xF8: // SET
            case 0xF9: // TINY_BLOB
            case 0xFA: // MEDIUM_BLOB
            case 0xFB: // LONG_BLOB
            case 0xFC: // BLOB
            case 0xFD: // VAR_STRING
            case 0xFE: // STRING
            case 0xFF: // GEOMETRY
                BasicTypes.skip(buf, BasicTypes.lengthLenenc(buf, field), field);
                return;
            default:
                throw ProtocolException.at("binary protocol value", field, buf.readerIndex(),
                        String.format("type 0x%02X", type), "a MYSQL_TYPE_* with a wire form");
        }
    }
}
