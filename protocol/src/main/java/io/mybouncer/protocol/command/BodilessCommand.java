package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.EnumSet;
import java.util.Set;

/**
 * A command that is its command byte alone: COM_QUIT, COM_PING, COM_STATISTICS, COM_DEBUG and
 * COM_RESET_CONNECTION. Bytes after the command byte are ignored, as servers ignore them.
 *
 * <p>What each is answered with differs, and matters to whoever tracks the response: COM_QUIT gets no
 * answer (the server closes), COM_STATISTICS a bare string&lt;EOF&gt; that is neither OK nor a result
 * set, COM_DEBUG an EOF (OK with CLIENT_DEPRECATE_EOF), and the others OK or ERR.
 *
 * @param type the command
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_quit.html">COM_QUIT</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_ping.html">COM_PING</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_statistics.html">COM_STATISTICS</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_debug.html">COM_DEBUG</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_reset_connection.html">COM_RESET_CONNECTION</a>
 */
public record BodilessCommand(CommandType type) {
    private static final Set<CommandType> BODILESS = EnumSet.of(CommandType.COM_QUIT, CommandType.COM_PING,
            CommandType.COM_STATISTICS, CommandType.COM_DEBUG, CommandType.COM_RESET_CONNECTION);

    public static final BodilessCommand QUIT = new BodilessCommand(CommandType.COM_QUIT);
    public static final BodilessCommand PING = new BodilessCommand(CommandType.COM_PING);
    public static final BodilessCommand STATISTICS = new BodilessCommand(CommandType.COM_STATISTICS);
    public static final BodilessCommand DEBUG = new BodilessCommand(CommandType.COM_DEBUG);
    public static final BodilessCommand RESET_CONNECTION = new BodilessCommand(CommandType.COM_RESET_CONNECTION);

    public BodilessCommand {
        if (!BODILESS.contains(type)) {
            throw new IllegalArgumentException(type + " has a body; expected one of " + BODILESS);
        }
    }

    /** Whether {@code type} is one of the commands this record stands for. */
    public static boolean isBodiless(CommandType type) {
        return BODILESS.contains(type);
    }

    /**
     * Decodes the whole payload.
     *
     * @throws ProtocolException when the command byte is not one of the bodiless commands
     */
    public static BodilessCommand decode(ByteBuf payload) {
        int offset = payload.readerIndex();
        int code = BasicTypes.int1(payload, "command");
        CommandType type = CommandType.of(code);
        if (type == null || !BODILESS.contains(type)) {
            throw ProtocolException.at("bodiless command", "command", offset, String.format("0x%02X", code),
                    "one of " + BODILESS);
        }
        payload.skipBytes(payload.readableBytes());
        return new BodilessCommand(type);
    }

    public void encode(ByteBuf out) {
        out.writeByte(type.code());
    }
}
