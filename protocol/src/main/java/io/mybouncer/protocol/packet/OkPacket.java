package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int2;
import static io.mybouncer.protocol.packet.BasicTypes.intLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.lengthLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.lenencSize;
import static io.mybouncer.protocol.packet.BasicTypes.stringEof;
import static io.mybouncer.protocol.packet.BasicTypes.stringLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.writeInt2;
import static io.mybouncer.protocol.packet.BasicTypes.writeIntLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.writeStringLenenc;

import io.mybouncer.protocol.response.SessionStateChange;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * OK_Packet: a command succeeded. With CLIENT_DEPRECATE_EOF the same layout, with header 0xFE,
 * also ends a result set in place of the EOF packet; {@link #header()} records which form was read.
 *
 * <p>Where real servers differ from the documentation (found by capturing MariaDB 10.11 with
 * {@code golden/record.py}, see {@code golden/response/ok-*.hex}):
 * <ul>
 *   <li>With CLIENT_SESSION_TRACK the info field is omitted when it is empty and no session state
 *       changed (the final OK of a CALL is 7 bytes). MySQL's {@code net_send_ok} does the same.</li>
 *   <li>Without CLIENT_SESSION_TRACK, and even without CLIENT_PROTOCOL_41, the info is written as a
 *       {@code string<lenenc>}, not the documented {@code string<EOF>}. The decoder accepts both: a
 *       leading length that spans exactly the rest of the payload is a length, anything else is
 *       text to the end.</li>
 * </ul>
 * Bytes after the session-state information are left unread, as libmysqlclient does, so a future
 * field does not break the proxy.
 *
 * @param header {@link #HEADER} or {@link #EOF_HEADER} (the CLIENT_DEPRECATE_EOF end of rows)
 * @param info human-readable information, e.g. "Rows matched: 2  Changed: 1  Warnings: 0"; empty
 *     when absent
 * @param sessionStateChanges the session-state entries; empty unless the status has
 *     SERVER_SESSION_STATE_CHANGED
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>
 * @see <a href="https://mariadb.com/kb/en/ok_packet/">MariaDB OK_Packet</a>
 */
public record OkPacket(int header, long affectedRows, long lastInsertId, ServerStatus status, int warnings,
                       String info, List<SessionStateChange> sessionStateChanges) {
    public static final int HEADER = 0x00;
    /** The header of the OK packet that ends rows when CLIENT_DEPRECATE_EOF is negotiated. */
    public static final int EOF_HEADER = 0xFE;

    public OkPacket {
        if (header != HEADER && header != EOF_HEADER) {
            throw new IllegalArgumentException(String.format("OK header 0x%02X (expected: 0x00 or 0xFE)", header));
        }
        sessionStateChanges = List.copyOf(sessionStateChanges);
        if (!sessionStateChanges.isEmpty() && !status.sessionStateChanged()) {
            throw new IllegalArgumentException("session state changes without SERVER_SESSION_STATE_CHANGED: " + status);
        }
    }

    /** A plain OK (header 0x00) without info or session state. */
    public static OkPacket of(long affectedRows, long lastInsertId, ServerStatus status, int warnings) {
        return new OkPacket(HEADER, affectedRows, lastInsertId, status, warnings, "", List.of());
    }

    /**
     * True when the payload starts with 0x00. Only meaningful where the command in flight allows an OK
     * here: a binary row and a prepare-OK start with 0x00 too.
     */
    public static boolean isOk(ByteBuf payload) {
        return payload.isReadable() && payload.getUnsignedByte(payload.readerIndex()) == HEADER;
    }

    /** True for the CLIENT_DEPRECATE_EOF form that ends rows. */
    public boolean isEofForm() {
        return header == EOF_HEADER;
    }

    /** Reads an OK packet from the payload's reader index; advances it past the fields read. */
    public static OkPacket decode(ByteBuf payload, CapabilitySet caps) {
        int offset = payload.readerIndex();
        int header = int1(payload, "OK header");
        if (header != HEADER && header != EOF_HEADER) {
            throw ProtocolException.at("OK", "header", offset, String.format("0x%02X", header), "0x00 or 0xFE");
        }
        long affectedRows = intLenenc(payload, "affected rows");
        long lastInsertId = intLenenc(payload, "last insert id");
        int status = 0;
        int warnings = 0;
        if (caps.protocol41()) {
            status = int2(payload, "status flags");
            warnings = int2(payload, "warnings");
        } else if (caps.has(Capability.CLIENT_TRANSACTIONS)) {
            status = int2(payload, "status flags");
        }
        ServerStatus serverStatus = new ServerStatus(status);
        String info = "";
        List<SessionStateChange> changes = List.of();
        if (caps.sessionTrack()) {
            if (payload.isReadable()) {
                info = stringLenenc(payload, "info");
            }
            if (serverStatus.sessionStateChanged() && payload.isReadable()) {
                changes = SessionStateChange.decodeAll(payload.readSlice(lengthLenenc(payload, "session state info")));
            }
        } else if (payload.isReadable()) {
            info = infoWithoutSessionTrack(payload);
        }
        return new OkPacket(header, affectedRows, lastInsertId, serverStatus, warnings, info, changes);
    }

    /** The info as servers write it (lenenc) or as documented (to the end); see the class comment. */
    private static String infoWithoutSessionTrack(ByteBuf payload) {
        int size = lenencSize(payload.getUnsignedByte(payload.readerIndex()));
        if (size > 0 && size <= payload.readableBytes()) {
            int offset = payload.readerIndex();
            long length = intLenenc(payload, "info");
            if (length == payload.readableBytes()) {
                return stringEof(payload);
            }
            payload.readerIndex(offset);
        }
        return stringEof(payload);
    }

    /**
     * Writes the payload (no packet header) as MySQL and MariaDB do: with CLIENT_SESSION_TRACK the
     * info only when it is non-empty or session state follows; without it, a non-empty info as
     * {@code string<lenenc>}.
     */
    public void encode(ByteBuf out, CapabilitySet caps) {
        out.writeByte(header);
        writeIntLenenc(out, affectedRows);
        writeIntLenenc(out, lastInsertId);
        if (caps.protocol41()) {
            writeInt2(out, status.bits());
            writeInt2(out, warnings);
        } else if (caps.has(Capability.CLIENT_TRANSACTIONS)) {
            writeInt2(out, status.bits());
        }
        if (caps.sessionTrack() && status.sessionStateChanged()) {
            writeStringLenenc(out, info);
            SessionStateChange.encodeAll(out, sessionStateChanges);
        } else if (!info.isEmpty()) {
            writeStringLenenc(out, info);
        }
    }
}
