package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * COM_SET_OPTION: switch multi-statement support for the rest of the session. MySQL Connector/J sends
 * it around a batch it rewrites into one multi-statement query. The server answers with EOF (not OK)
 * on success. The setting is session state the proxy must carry to whichever backend serves the
 * client next. Bytes after the option are ignored, as the server ignores them.
 *
 * <pre>
 * int&lt;1&gt; 0x1B COM_SET_OPTION
 * int&lt;2&gt; option operation (enum_mysql_set_option)
 * </pre>
 *
 * @param option the operation
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_set_option.html">COM_SET_OPTION</a>
 */
public record ComSetOption(Option option) {
    /** enum_mysql_set_option, with its wire values. */
    public enum Option {
        MYSQL_OPTION_MULTI_STATEMENTS_ON(0),
        MYSQL_OPTION_MULTI_STATEMENTS_OFF(1);

        private final int code;

        Option(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /**
     * Decodes the whole payload, command byte included.
     *
     * @throws ProtocolException for an option other than 0 or 1, which servers answer with an error
     */
    public static ComSetOption decode(ByteBuf payload) {
        CommandType.COM_SET_OPTION.readCommandByte(payload);
        int offset = payload.readerIndex();
        int code = BasicTypes.int2(payload, "COM_SET_OPTION option");
        for (Option option : Option.values()) {
            if (option.code == code) {
                return new ComSetOption(option);
            }
        }
        throw ProtocolException.at("COM_SET_OPTION", "option", offset, code, "0 (multi statements on) or 1 (off)");
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_SET_OPTION.code());
        BasicTypes.writeInt2(out, option.code);
    }
}
