package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * The statement_id field, int&lt;4&gt; at offset 1 of every command that names a prepared statement
 * (see {@link CommandType#carriesStatementId()}). The proxy hands out its own statement ids and maps
 * them to each backend's, so it reads and rewrites this field in the payload it forwards, in place and
 * without decoding the rest of the command.
 *
 * <p>Ids are unsigned 32-bit values and are carried as {@code long}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_execute">MariaDB COM_STMT_EXECUTE: statement id -1</a>
 */
public final class StatementId {
    /**
     * MariaDB 10.2+: statement id -1 (0xFFFFFFFF) in COM_STMT_EXECUTE means "the statement this
     * connection prepared last", so a client can pipeline COM_STMT_PREPARE and COM_STMT_EXECUTE
     * without waiting for the id (MariaDB Connector/J does this for every first execution). If that
     * prepare failed, the execute fails with an unknown-statement error. A proxy must resolve it to
     * the last statement prepared on the same backend connection, never look it up as a real id.
     */
    public static final long LAST_PREPARED = 0xFFFF_FFFFL;

    /** Offset of the field in the payload: right after the command byte. */
    private static final int OFFSET = 1;

    private StatementId() {
    }

    /** Whether {@code id} is MariaDB's {@link #LAST_PREPARED} marker rather than a real statement id. */
    public static boolean isLastPrepared(long id) {
        return id == LAST_PREPARED;
    }

    /**
     * The statement id of a statement command, read without moving the reader index or copying.
     *
     * @throws ProtocolException when the payload is shorter than the command byte and the id
     */
    public static long read(ByteBuf payload) {
        checkLength(payload);
        return payload.getUnsignedIntLE(payload.readerIndex() + OFFSET);
    }

    /**
     * Overwrites the statement id in place (one {@code setIntLE}), so the proxy can forward the very
     * buffer the client sent with the backend's id in it. Neither index moves; ownership of
     * {@code payload} does not change.
     *
     * @throws ProtocolException when the payload is shorter than the command byte and the id
     */
    public static void rewrite(ByteBuf payload, long id) {
        if (id < 0 || id > LAST_PREPARED) {
            throw new IllegalArgumentException("statement id out of range: " + id);
        }
        checkLength(payload);
        payload.setIntLE(payload.readerIndex() + OFFSET, (int) id);
    }

    private static void checkLength(ByteBuf payload) {
        if (payload.readableBytes() < OFFSET + 4) {
            throw ProtocolException.at("statement command", "statement_id", payload.readerIndex() + OFFSET,
                    payload.readableBytes() + " payload bytes", ">= " + (OFFSET + 4));
        }
    }
}
