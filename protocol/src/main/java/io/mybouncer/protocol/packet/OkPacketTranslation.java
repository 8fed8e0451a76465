package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.packet.BasicTypes.lenencSize;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Rewrites an OK packet that a server wrote for a client with CLIENT_SESSION_TRACK into the bytes it
 * would have written for the same client without it. The proxy logs in to backends with session
 * tracking (it reads the session-state reports), while clients such as PyMySQL and MySQL Connector/J
 * do not ask for it.
 *
 * <p>What the server does differently, per MariaDB's and MySQL's {@code net_send_ok} (both
 * {@code sql/protocol.cc}):
 * <ul>
 *   <li>With CLIENT_SESSION_TRACK it writes the info as {@code string<lenenc>} when the info is
 *       non-empty or SERVER_SESSION_STATE_CHANGED is set (so an empty info, {@code 00}, precedes the
 *       session state), then, with that flag, the session state as {@code string<lenenc>}.</li>
 *   <li>Without it, the server clears SERVER_SESSION_STATE_CHANGED from the status, writes no session
 *       state, and writes the info only when it is non-empty. It writes that info as
 *       {@code string<lenenc>} too, not as the {@code string<EOF>} the OK_Packet page documents: the
 *       captures {@code golden/response/ok-update-info.hex} and
 *       {@code ok-update-info-no-session-track.hex} are byte for byte the same, and
 *       {@code OkPacketTranslationIntegrationTest} compares translated packets with the server's own.</li>
 * </ul>
 * So only an OK with SERVER_SESSION_STATE_CHANGED changes: {@link #needsTranslation} tells it from
 * the rest without allocating, and {@link #translate} writes the new payload. Header (0x00, or 0xFE
 * for the OK that ends rows under CLIENT_DEPRECATE_EOF), affected rows, last insert id and warnings
 * are copied as they are. Both sides must have negotiated CLIENT_PROTOCOL_41 (status and warnings
 * present), as every client the proxy accepts has.
 *
 * <p>Every read is an absolute, bounds-checked index into the payload's readable bytes: neither
 * index of the payload moves, and malformed input is a {@link ProtocolException}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>
 * @see <a href="https://mariadb.com/kb/en/ok_packet/">MariaDB OK_Packet</a>
 */
public final class OkPacketTranslation {
    private static final String PACKET = "OK";
    /** int<2> status flags and int<2> warnings. */
    private static final int STATUS_AND_WARNINGS = 4;

    private OkPacketTranslation() {
    }

    /**
     * Whether the OK in {@code payload}, written for a client with CLIENT_SESSION_TRACK, differs from
     * what a client without it gets: its status has SERVER_SESSION_STATE_CHANGED, or it carries an
     * empty info (which servers only write before session state). Reads a few bytes; allocates
     * nothing.
     *
     * @throws ProtocolException when the payload is no OK packet or ends inside a field
     */
    public static boolean needsTranslation(ByteBuf payload) {
        int countsEnd = countsEnd(payload);
        if ((status(payload, countsEnd) & ServerStatus.SESSION_STATE_CHANGED) != 0) {
            return true;
        }
        int info = countsEnd + STATUS_AND_WARNINGS;
        return info < payload.writerIndex() && payload.getUnsignedByte(info) == 0;
    }

    /**
     * The payload a client without CLIENT_SESSION_TRACK gets for the OK in {@code payload}: the same
     * header, affected rows, last insert id and warnings, the status without
     * SERVER_SESSION_STATE_CHANGED, the info as {@code string<lenenc>} when it is not empty, and no
     * session state. Bytes after the session state (a future field) are dropped with it.
     *
     * @return a new buffer from {@code alloc}, owned by the caller; {@code payload} is neither released
     *     nor moved
     * @throws ProtocolException when the payload is no OK packet or a field overruns it
     */
    public static ByteBuf translate(ByteBuf payload, ByteBufAllocator alloc) {
        int start = payload.readerIndex();
        int end = payload.writerIndex();
        int countsEnd = countsEnd(payload);
        int status = status(payload, countsEnd);
        int infoStart = countsEnd + STATUS_AND_WARNINGS;
        int infoEnd = infoStart;
        long infoLength = 0;
        if (infoStart < end) {
            infoLength = lenenc(payload, infoStart, "info");
            infoEnd = stringEnd(payload, infoStart, infoLength, "info");
            if ((status & ServerStatus.SESSION_STATE_CHANGED) != 0 && infoEnd < end) {
                // Dropped, but checked: an overrunning length means the packet is not what it claims.
                stringEnd(payload, infoEnd, lenenc(payload, infoEnd, "session state info"), "session state info");
            }
        }
        int size = infoStart - start + (infoLength > 0 ? infoEnd - infoStart : 0);
        ByteBuf out = alloc.buffer(size, size);
        out.writeBytes(payload, start, countsEnd - start);
        out.writeShortLE(status & ~ServerStatus.SESSION_STATE_CHANGED);
        out.writeBytes(payload, countsEnd + 2, 2);
        if (infoLength > 0) {
            out.writeBytes(payload, infoStart, infoEnd - infoStart);
        }
        return out;
    }

    /** Checks the header and returns the index after last insert id (where the status begins). */
    private static int countsEnd(ByteBuf payload) {
        int start = payload.readerIndex();
        need(payload, start, 1, "header");
        int header = payload.getUnsignedByte(start);
        if (header != OkPacket.HEADER && header != OkPacket.EOF_HEADER) {
            throw ProtocolException.at(PACKET, "header", start, String.format("0x%02X", header), "0x00 or 0xFE");
        }
        int lastInsertId = lenencEnd(payload, start + 1, "affected rows");
        return lenencEnd(payload, lastInsertId, "last insert id");
    }

    private static int status(ByteBuf payload, int offset) {
        need(payload, offset, STATUS_AND_WARNINGS, "status flags and warnings");
        return payload.getUnsignedShortLE(offset);
    }

    /** The index after the length-encoded integer at {@code offset}. */
    private static int lenencEnd(ByteBuf payload, int offset, String field) {
        need(payload, offset, 1, field);
        int size = lenencSize(payload.getUnsignedByte(offset));
        if (size < 0) {
            throw ProtocolException.at(PACKET, field, offset, String.format("0x%02X", payload.getUnsignedByte(offset)),
                    "a length-encoded integer");
        }
        need(payload, offset, size, field);
        return offset + size;
    }

    /** The value of the length-encoded integer at {@code offset}; above 2^63 it is negative. */
    private static long lenenc(ByteBuf payload, int offset, String field) {
        int size = lenencEnd(payload, offset, field) - offset;
        return switch (size) {
            case 1 -> payload.getUnsignedByte(offset);
            case 3 -> payload.getUnsignedShortLE(offset + 1);
            case 4 -> payload.getUnsignedMediumLE(offset + 1);
            default -> payload.getLongLE(offset + 1);
        };
    }

    /** The index after a {@code string<lenenc>} at {@code offset} whose length is {@code length}. */
    private static int stringEnd(ByteBuf payload, int offset, long length, String field) {
        int dataStart = lenencEnd(payload, offset, field);
        long left = payload.writerIndex() - dataStart;
        if (length < 0 || length > left) {
            throw ProtocolException.at(PACKET, field, offset, "length " + Long.toUnsignedString(length),
                    "<= " + left + " remaining bytes");
        }
        return dataStart + (int) length;
    }

    private static void need(ByteBuf payload, int offset, int bytes, String field) {
        int left = payload.writerIndex() - offset;
        if (left < bytes) {
            throw ProtocolException.at(PACKET, field, offset, "truncated, " + left + " bytes left", bytes + " bytes");
        }
    }
}
