package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * Every command byte a client may send in the command phase, with what kind of command it is, so
 * the proxy can forward, handle or refuse it.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/my__command_8h.html">enum_server_command</a>
 * @see <a href="https://mariadb.com/kb/en/2-text-protocol/">MariaDB text protocol</a>
 */
public enum CommandType {
    COM_SLEEP(0x00, Kind.INTERNAL),
    COM_QUIT(0x01, Kind.SESSION),
    COM_INIT_DB(0x02, Kind.SESSION),
    COM_QUERY(0x03, Kind.STATEMENT),
    COM_FIELD_LIST(0x04, Kind.STATEMENT),
    COM_CREATE_DB(0x05, Kind.ADMIN),
    COM_DROP_DB(0x06, Kind.ADMIN),
    COM_REFRESH(0x07, Kind.ADMIN),
    COM_SHUTDOWN(0x08, Kind.ADMIN),
    COM_STATISTICS(0x09, Kind.STATEMENT),
    COM_PROCESS_INFO(0x0A, Kind.ADMIN),
    COM_CONNECT(0x0B, Kind.INTERNAL),
    COM_PROCESS_KILL(0x0C, Kind.ADMIN),
    COM_DEBUG(0x0D, Kind.ADMIN),
    COM_PING(0x0E, Kind.SESSION),
    COM_TIME(0x0F, Kind.INTERNAL),
    COM_DELAYED_INSERT(0x10, Kind.INTERNAL),
    COM_CHANGE_USER(0x11, Kind.SESSION),
    COM_BINLOG_DUMP(0x12, Kind.REPLICATION),
    COM_TABLE_DUMP(0x13, Kind.REPLICATION),
    COM_CONNECT_OUT(0x14, Kind.INTERNAL),
    COM_REGISTER_SLAVE(0x15, Kind.REPLICATION),
    COM_STMT_PREPARE(0x16, Kind.STATEMENT),
    COM_STMT_EXECUTE(0x17, Kind.STATEMENT),
    COM_STMT_SEND_LONG_DATA(0x18, Kind.STATEMENT),
    COM_STMT_CLOSE(0x19, Kind.STATEMENT),
    COM_STMT_RESET(0x1A, Kind.STATEMENT),
    COM_SET_OPTION(0x1B, Kind.SESSION),
    COM_STMT_FETCH(0x1C, Kind.STATEMENT),
    COM_DAEMON(0x1D, Kind.INTERNAL),
    COM_BINLOG_DUMP_GTID(0x1E, Kind.REPLICATION),
    COM_RESET_CONNECTION(0x1F, Kind.SESSION),
    /** MySQL 8.0.17+: clone plugin protocol. */
    COM_CLONE(0x20, Kind.REPLICATION),
    /** MySQL 8.0.30+: group replication stream. */
    COM_SUBSCRIBE_GROUP_REPLICATION_STREAM(0x21, Kind.REPLICATION),
    /** MariaDB 10.2+: execute a prepared statement for many parameter sets. */
    COM_STMT_BULK_EXECUTE(0xFA, Kind.STATEMENT);

    /** What a command is, for deciding whether the proxy forwards, handles or refuses it. */
    public enum Kind {
        /** Ordinary statement traffic: forwarded to a backend. */
        STATEMENT,
        /** Changes or ends the client session: the proxy handles or tracks it. */
        SESSION,
        /** Server administration commands a pooled client should not normally send. */
        ADMIN,
        /** Replication, binlog and clone streams: refused, they cannot be pooled. */
        REPLICATION,
        /** Server-internal command codes no client sends. */
        INTERNAL
    }

    private static final CommandType[] BY_CODE = new CommandType[256];

    static {
        for (CommandType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Kind kind;

    CommandType(int code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public int code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** The command for a command byte, or {@code null} when the byte names no known command. */
    public static CommandType of(int code) {
        return BY_CODE[code & 0xFF];
    }

    /**
     * Whether the payload carries a prepared-statement id as int&lt;4&gt; right after the command byte,
     * the field {@link StatementId} reads and rewrites. COM_STMT_PREPARE does not: its id comes back in
     * the response.
     */
    public boolean carriesStatementId() {
        switch (this) {
            case COM_STMT_EXECUTE:
            case COM_STMT_SEND_LONG_DATA:
            case COM_STMT_CLOSE:
            case COM_STMT_RESET:
            case COM_STMT_FETCH:
            case COM_STMT_BULK_EXECUTE:
                return true;
            default:
                return false;
        }
    }

    /**
     * Reads the command byte of {@code payload} and checks that it is this command; the first step of
     * every command decoder.
     *
     * @throws ProtocolException when the payload is empty or starts with another command byte
     */
    public void readCommandByte(ByteBuf payload) {
        int offset = payload.readerIndex();
        int actual = BasicTypes.int1(payload, name() + " command");
        if (actual != code) {
            throw ProtocolException.at(name(), "command", offset, String.format("0x%02X", actual),
                    String.format("0x%02X", code));
        }
    }
}
