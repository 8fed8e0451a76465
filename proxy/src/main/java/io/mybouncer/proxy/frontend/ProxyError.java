package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every ERR the proxy itself sends to a client, in one place: the error code and SQLSTATE a driver
 * maps to an exception type, and a message a person can act on. Errors that come from the backend
 * are forwarded as they are and never pass through here.
 *
 * <p>Codes are MySQL's own where MySQL has one for the same situation, so drivers react as they
 * would to the server (Connector/J maps 08xxx SQLSTATEs to connection exceptions and retries them;
 * 28000 is an authorization failure it does not retry). Messages never carry secrets: no password,
 * no scramble, no auth response, no hash.
 *
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.4/en/server-error-reference.html">MySQL server error reference</a>
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.4/en/client-error-reference.html">MySQL client error reference</a>
 */
public enum ProxyError {
    /**
     * ER_ACCESS_DENIED_ERROR. Wrong password and unknown user give the same text, as in MySQL, so
     * the error does not reveal which user names exist. Arguments: user, client host, "YES" or "NO".
     */
    ACCESS_DENIED(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    /**
     * ER_SECURE_TRANSPORT_REQUIRED: the user's password can only be obtained over TLS, the Unix
     * socket, or RSA. Arguments: user, what the client should do.
     */
    SECURE_TRANSPORT_REQUIRED(3159, "HY000",
            "Connections using insecure transport are prohibited for user '%s': %s"),
    /**
     * ER_NOT_SUPPORTED_AUTH_MODE: the client cannot answer with the plugin this user needs (it did
     * not announce CLIENT_PLUGIN_AUTH, so it cannot follow an auth switch). Arguments: user, plugin.
     */
    AUTH_PLUGIN_REQUIRED(1251, "08004",
            "Client does not support authentication protocol requested by server: user '%s' needs %s;"
                    + " use a client that supports pluggable authentication"),
    /** ER_CON_COUNT_ERROR, sent instead of the greeting. Argument: the configured limit. */
    TOO_MANY_CONNECTIONS(1040, "08004",
            "Too many connections: mybouncer accepts at most %d client connections (max_client_conn)"),
    /**
     * 1040 as MySQL uses it for a full server, but naming the pool and the wait. Arguments: pool
     * name, pool size, acquire timeout in milliseconds.
     */
    POOL_TIMEOUT(1040, "08004",
            "Too many connections: no connection of pool '%s' (size %d) became free within %d ms"
                    + " (acquire_timeout); raise the pool size or shorten transactions"),
    /**
     * 1040 as for a timeout, so drivers react alike, when the pool was paused by the admin console
     * all the while. Arguments: pool name, acquire timeout in milliseconds.
     */
    POOL_PAUSED(1040, "08004", "mybouncer's pool '%s' is paused (PAUSE in the admin console) and was not"
            + " resumed within %d ms (acquire_timeout); RESUME lets clients through"),
    /** CR_CONN_HOST_ERROR-style: the backend refused or did not answer. Arguments: backend, cause. */
    BACKEND_UNREACHABLE(2003, "HY000", "mybouncer cannot connect to the MySQL server at '%s' (%s)"),
    /** ER_UNKNOWN_COM_ERROR. Argument: the command byte, as hex. */
    UNKNOWN_COMMAND(1047, "08S01", "Unknown command 0x%02X"),
    /**
     * ER_NOT_SUPPORTED_YET: replication and binlog commands need a connection of their own to the
     * server. Arguments: command name, why.
     */
    COMMAND_REFUSED(1235, "42000", "mybouncer does not relay %s: %s; connect to the server directly"),
    /**
     * ER_UNKNOWN_COM_ERROR, as MariaDB answers COM_CHANGE_USER after too many failed ones on a
     * connection (against password guessing). Argument: the number of failures allowed.
     */
    CHANGE_USER_LOCKED(1047, "08S01", "Unknown command: COM_CHANGE_USER is refused after %d failed attempts on"
            + " this connection; open a new connection to log in as another user"),
    /** ER_NET_READ_ERROR: bytes that do not form the packet expected now. Argument: what was wrong. */
    PROTOCOL_VIOLATION(1158, "08S01", "Got an error reading communication packets: %s"),
    /** ER_NET_PACKETS_OUT_OF_ORDER. Arguments: expected and received sequence id. */
    PACKETS_OUT_OF_ORDER(1156, "08S01", "Got packets out of order (expected sequence id %d, got %d)"),
    /** ER_NET_PACKET_TOO_LARGE during login. Arguments: the packet's size, the limit. */
    PACKET_TOO_LARGE(1153, "08S01",
            "Got a packet bigger than the login limit (%d bytes, at most %d during authentication)"),
    /** ER_NET_READ_INTERRUPTED: the login did not finish in time. Argument: the limit in milliseconds. */
    LOGIN_TIMEOUT(1159, "08S01", "Got timeout reading communication packets: login did not finish within %d ms"),
    /**
     * ER_SPECIFIC_ACCESS_DENIED_ERROR: a console command from a user who is not an admin. Argument:
     * the user.
     */
    ADMIN_ACCESS_DENIED(1227, "42000", "Access denied; you need (at least one of) the mybouncer admin"
            + " privilege(s) for this operation: user '%s' is not in admin_users"),
    /** ER_PARSE_ERROR: a console statement it does not know. Arguments: what was wrong, what it takes. */
    ADMIN_SYNTAX(1064, "42000", "mybouncer admin console: %s (expected: %s)"),
    /**
     * ER_NOT_SUPPORTED_YET: a command byte the console does not answer (prepared statements and the
     * like). Argument: the command's name.
     */
    ADMIN_COMMAND_UNSUPPORTED(1235, "42000", "mybouncer's admin console does not answer %s; it takes text"
            + " queries with its commands (SHOW HELP lists them)"),
    /** ER_BAD_DB_ERROR: COM_INIT_DB to another database from the console. Argument: the database. */
    ADMIN_UNKNOWN_DATABASE(1049, "42000", "Unknown database '%s': the admin console has only the database"
            + " mybouncer; connect again with another database for pooled connections"),
    /** ER_NO_SUCH_THREAD: KILL of an id no client has. Argument: the id. */
    ADMIN_NO_SUCH_CLIENT(1094, "HY000", "Unknown client id: %d (SHOW CLIENTS lists the ids)"),
    /** ER_WRONG_VALUE_FOR_VAR: a console SET with a bad value. Arguments: setting, value, accepted values. */
    ADMIN_WRONG_VALUE(1231, "42000", "Variable '%s' can't be set to the value of '%s' (expected: %s)"),
    /** ER_UNKNOWN_ERROR: a RELOAD whose configuration cannot be used. Argument: why. */
    ADMIN_RELOAD_FAILED(1105, "HY000", "RELOAD refused, the running configuration stays: %s"),
    /**
     * ER_NEW_ABORTING_CONNECTION, SQLSTATE 08S01 so that drivers and pools treat the connection as
     * broken: more than one process uses this connection (the fork hazard). Argument: who holds it.
     */
    FORK_HAZARD(1184, "08S01", "mybouncer stopped this connection: it is used by more than one process (%s),"
            + " so one could read another's results. A connection opened before fork() is shared by every"
            + " process forked from it: open connections after fork (gunicorn's post_fork hook, SQLAlchemy's"
            + " engine.dispose() in each worker), or connect to mybouncer per worker or per request"),
    /**
     * ER_NEW_ABORTING_CONNECTION, 08S01: bringing a backend to this client's session state (schema,
     * variables) failed, so the session cannot go on correctly. Arguments: the server's error code and message.
     */
    STATE_REPLAY_FAILED(1184, "08S01", "mybouncer could not restore this session's state on a pooled connection"
            + " (the server answered %d: %s); reconnect"),
    /**
     * ER_CANT_CHANGE_TX_CHARACTERISTICS's neighbour for pooling: statement pool mode gives the backend back
     * after every statement, so a transaction of several statements cannot exist.
     */
    TRANSACTION_IN_STATEMENT_MODE(1235, "42000", "mybouncer runs in statement pool mode, which does not allow"
            + " multi-statement transactions (%s); use autocommit statements, or transaction pool mode");

    /**
     * ERRs are written with the SQLSTATE marker: the proxy only serves CLIENT_PROTOCOL_41 clients,
     * and before the handshake response libmysqlclient decides by the server's flags, which have it.
     */
    private static final CapabilitySet PROTOCOL_41 = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41);

    private final int code;
    private final String sqlState;
    private final String template;
    /**
     * Process-wide, as the metric it feeds is: an enum constant is the one place every path to this
     * ERR shares. Tests that count compare before and after.
     */
    private final LongAdder sent = new LongAdder();

    ProxyError(int code, String sqlState, String template) {
        this.code = code;
        this.sqlState = sqlState;
        this.template = template;
    }

    public int code() {
        return code;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The message with {@code arguments} filled in, in the order the constant's Javadoc names them. */
    public String message(Object... arguments) {
        return String.format(template, arguments);
    }

    /** The ERR to send, counted: every ERR the proxy makes is built here, whatever the path. */
    public ErrPacket toErrPacket(Object... arguments) {
        sent.increment();
        return new ErrPacket(code, sqlState, message(arguments));
    }

    /** How many of these ERRs the process has built, for {@code mybouncer_errors_total}. */
    public long sentCount() {
        return sent.sum();
    }

    /** The ERR as a packet to write; the caller passes ownership on to the channel. */
    public Packet toPacket(ByteBufAllocator alloc, int sequenceId, Object... arguments) {
        return encode(alloc, sequenceId, toErrPacket(arguments));
    }

    /** Any ERR as a packet, for callers that already hold one made by {@link #toErrPacket}. */
    static Packet encode(ByteBufAllocator alloc, int sequenceId, ErrPacket err) {
        ByteBuf payload = alloc.buffer();
        err.encode(payload, PROTOCOL_41);
        return new Packet(sequenceId, payload);
    }
}
