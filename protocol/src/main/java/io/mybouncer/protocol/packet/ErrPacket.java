package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.packet.BasicTypes.bytesFix;
import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int2;
import static io.mybouncer.protocol.packet.BasicTypes.int3;
import static io.mybouncer.protocol.packet.BasicTypes.stringEof;
import static io.mybouncer.protocol.packet.BasicTypes.stringLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.writeInt2;
import static io.mybouncer.protocol.packet.BasicTypes.writeInt3;
import static io.mybouncer.protocol.packet.BasicTypes.writeStringEof;
import static io.mybouncer.protocol.packet.BasicTypes.writeStringLenenc;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * ERR_Packet: header 0xFF, error code, then with CLIENT_PROTOCOL_41 a '#' marker and a 5-character
 * SQLSTATE, then the message to the end of the payload.
 *
 * <p>The SQLSTATE is optional in practice: a server answering a client that did not negotiate
 * CLIENT_PROTOCOL_41, or failing before it knows the client's capabilities (e.g. "Too many
 * connections" ahead of the handshake), writes no marker. The decoder therefore looks for the '#'
 * rather than assuming it ({@code golden/response/err-no-sqlstate-marker.hex}).
 *
 * <p>MariaDB reuses the header for progress reports (error code 0xFFFF, sent only to clients with
 * MARIADB_CLIENT_PROGRESS): they are not errors and not the end of a response; see
 * {@link ProgressReport}.
 *
 * @param sqlState the SQLSTATE, or {@code null} when the packet carries no marker
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html">ERR_Packet</a>
 * @see <a href="https://mariadb.com/kb/en/err_packet/">MariaDB ERR_Packet</a>
 */
public record ErrPacket(int errorCode, String sqlState, String message) {
    public static final int HEADER = 0xFF;
    /** The error code MariaDB uses to mark a progress report. */
    public static final int PROGRESS_REPORT_CODE = 0xFFFF;
    private static final int SQL_STATE_MARKER = '#';
    private static final int SQL_STATE_LENGTH = 5;

    public ErrPacket {
        if (sqlState != null && sqlState.length() != SQL_STATE_LENGTH) {
            throw new IllegalArgumentException("SQLSTATE must be 5 characters: " + sqlState);
        }
    }

    /** True when the payload starts with 0xFF; where an ERR may appear, that byte means nothing else. */
    public static boolean isErr(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    /** True for a MariaDB progress report: 0xFF, code 0xFFFF, and MARIADB_CLIENT_PROGRESS negotiated. */
    public static boolean isProgressReport(ByteBuf payload, CapabilitySet caps) {
        int i = payload.readerIndex();
        return caps.has(Capability.MARIADB_CLIENT_PROGRESS) && payload.readableBytes() >= 3
                && payload.getUnsignedByte(i) == HEADER && payload.getUnsignedShortLE(i + 1) == PROGRESS_REPORT_CODE;
    }

    /**
     * Reads an ERR packet from the payload's reader index to its end. A progress report is rejected:
     * callers check {@link #isProgressReport} first.
     */
    public static ErrPacket decode(ByteBuf payload, CapabilitySet caps) {
        if (isProgressReport(payload, caps)) {
            throw new IllegalArgumentException("a progress report is not an error; decode it with ProgressReport");
        }
        int offset = payload.readerIndex();
        int header = int1(payload, "ERR header");
        if (header != HEADER) {
            throw ProtocolException.at("ERR", "header", offset, String.format("0x%02X", header), "0xFF");
        }
        int errorCode = int2(payload, "error code");
        String sqlState = null;
        if (caps.protocol41() && payload.isReadable()
                && payload.getUnsignedByte(payload.readerIndex()) == SQL_STATE_MARKER) {
            payload.skipBytes(1);
            // One character per byte, so a hostile non-ASCII SQLSTATE still has five characters.
            sqlState = new String(bytesFix(payload, SQL_STATE_LENGTH, "SQLSTATE"), StandardCharsets.ISO_8859_1);
        }
        return new ErrPacket(errorCode, sqlState, stringEof(payload));
    }

    /** Writes the payload (no packet header); the SQLSTATE only with CLIENT_PROTOCOL_41. */
    public void encode(ByteBuf out, CapabilitySet caps) {
        out.writeByte(HEADER);
        writeInt2(out, errorCode);
        if (caps.protocol41() && sqlState != null) {
            out.writeByte(SQL_STATE_MARKER);
            out.writeCharSequence(sqlState, StandardCharsets.ISO_8859_1);
        }
        writeStringEof(out, message);
    }

    /**
     * A MariaDB progress report: sent while a long statement (ALTER TABLE, LOAD DATA, ...) runs, to a
     * client that negotiated MARIADB_CLIENT_PROGRESS, with sequence ids that continue the response's.
     *
     * <p>The server writes a count of strings (always 1) after the error code, which the MariaDB
     * documentation omits: {@code ff ff ff 01 02 02 00 00 00 0f "End bulk insert"} was captured from
     * MariaDB 10.11 during LOAD DATA LOCAL INFILE ({@code golden/response/local-infile.hex}).
     *
     * @param progress thousandths of a percent, 0 to 100000
     * @see <a href="https://mariadb.com/kb/en/progress-reporting/">MariaDB progress reporting</a>
     */
    public record ProgressReport(int stage, int maxStage, int progress, String info) {
        private static final int STRING_COUNT = 1;

        public static ProgressReport decode(ByteBuf payload) {
            int offset = payload.readerIndex();
            int header = int1(payload, "progress header");
            int code = int2(payload, "progress error code");
            if (header != HEADER || code != PROGRESS_REPORT_CODE) {
                throw ProtocolException.at("progress report", "header", offset,
                        String.format("0x%02X 0x%04X", header, code), "0xFF 0xFFFF");
            }
            int countOffset = payload.readerIndex();
            int strings = int1(payload, "number of strings");
            if (strings != STRING_COUNT) {
                throw ProtocolException.at("progress report", "number of strings", countOffset, strings, "1");
            }
            return new ProgressReport(int1(payload, "stage"), int1(payload, "max stage"), int3(payload, "progress"),
                    stringLenenc(payload, "progress info"));
        }

        public void encode(ByteBuf out) {
            out.writeByte(HEADER);
            writeInt2(out, PROGRESS_REPORT_CODE);
            out.writeByte(STRING_COUNT);
            out.writeByte(stage);
            out.writeByte(maxStage);
            writeInt3(out, progress);
            writeStringLenenc(out, info);
        }
    }
}
