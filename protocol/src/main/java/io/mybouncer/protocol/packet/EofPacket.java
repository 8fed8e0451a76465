package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int2;
import static io.mybouncer.protocol.packet.BasicTypes.writeInt2;

import io.netty.buffer.ByteBuf;

/**
 * EOF_Packet: header 0xFE, then with CLIENT_PROTOCOL_41 the warning count and status flags. It ends
 * column definitions and rows unless CLIENT_DEPRECATE_EOF is negotiated; then the column definitions
 * have no terminator and rows end with an {@link OkPacket} whose header is 0xFE.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html">EOF_Packet</a>
 * @see <a href="https://mariadb.com/kb/en/eof_packet/">MariaDB EOF_Packet</a>
 */
public record EofPacket(int warnings, ServerStatus status) {
    public static final int HEADER = 0xFE;
    /** An EOF packet is shorter than this; a longer 0xFE payload is a length-encoded integer. */
    public static final int MAX_LENGTH = 9;

    /**
     * True when the payload ends rows (or column definitions): it starts with 0xFE, and
     * <ul>
     *   <li>without CLIENT_DEPRECATE_EOF, it is shorter than 9 bytes: a text row starting with 0xFE
     *       holds an 8-byte length and is at least 9 bytes long;</li>
     *   <li>with CLIENT_DEPRECATE_EOF, it is shorter than 0xFFFFFF bytes. The terminator is then an OK
     *       packet whose session-state information can make it longer than 9 bytes. A text row starting
     *       with 0xFE announces a value of at least 2^24 bytes, so its payload is at least 0xFFFFFF
     *       bytes and its first wire packet exactly 0xFFFFFF: any shorter 0xFE packet is the
     *       terminator. Decode it with {@link OkPacket#decode}.</li>
     * </ul>
     * Binary rows start with 0x00 and column definitions with the length of "def", so in those
     * positions 0xFE is always a terminator too.
     *
     * @see <a href="https://mariadb.com/kb/en/result-set-packets/">MariaDB result set packets</a>
     */
    public static boolean isEof(ByteBuf payload, CapabilitySet caps) {
        int length = payload.readableBytes();
        return length > 0 && payload.getUnsignedByte(payload.readerIndex()) == HEADER
                && length < (caps.deprecateEof() ? Packet.MAX_PAYLOAD : MAX_LENGTH);
    }

    /** Reads an EOF packet (the classic form, not the CLIENT_DEPRECATE_EOF OK) from the reader index. */
    public static EofPacket decode(ByteBuf payload, CapabilitySet caps) {
        int offset = payload.readerIndex();
        int header = int1(payload, "EOF header");
        if (header != HEADER) {
            throw ProtocolException.at("EOF", "header", offset, String.format("0x%02X", header), "0xFE");
        }
        if (!caps.protocol41()) {
            return new EofPacket(0, new ServerStatus(0));
        }
        int warnings = int2(payload, "warnings");
        return new EofPacket(warnings, new ServerStatus(int2(payload, "status flags")));
    }

    /** Writes the payload (no packet header). */
    public void encode(ByteBuf out, CapabilitySet caps) {
        out.writeByte(HEADER);
        if (caps.protocol41()) {
            writeInt2(out, warnings);
            writeInt2(out, status.bits());
        }
    }
}
