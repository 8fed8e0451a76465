package io.mybouncer.proxy.statements;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.proxy.sql.StatementEffects;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * A statement as the server prepares it: the query bytes of a COM_STMT_PREPARE and the
 * {@link PrepareContext} they were prepared under. The key of the per-backend caches
 * ({@link BackendStatements}) and what the proxy prepares again on a backend that lacks the
 * statement ({@link #prepareCommand}).
 *
 * <p>The bytes are copied once, when the client prepares; the hash is computed then. Equality is
 * by bytes and context, never by decoded text: the bytes are what the server parses, in the
 * client's character set, so nothing needs decoding. Immutable, so it may be shared between event
 * loops. {@link #toString()} shows sizes only: SQL text can carry literal secrets.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">COM_STMT_PREPARE</a>
 */
public final class StatementText {
    private final byte[] query;
    private final PrepareContext context;
    /** What running it does to session state (a prepared {@code SET @v = ?} pins as the query would). */
    private final StatementEffects effects;
    private final int hash;

    private StatementText(byte[] query, PrepareContext context, StatementEffects effects) {
        this.query = query;
        this.context = context;
        this.effects = effects;
        this.hash = Arrays.hashCode(query) * 31 + context.hashCode();
    }

    /**
     * The statement a COM_STMT_PREPARE payload prepares: copies the query (everything after the
     * command byte) and leaves the payload's indexes and ownership as they were.
     *
     * @param prepareCommand a whole COM_STMT_PREPARE payload, command byte included
     * @param context what the server fixes at prepare time, as the client's session is now
     * @throws IllegalArgumentException when the payload is not a COM_STMT_PREPARE; the caller has
     *     dispatched on the command byte, so this is the proxy's bug, not the client's
     */
    public static StatementText of(ByteBuf prepareCommand, PrepareContext context) {
        return of(prepareCommand, context, StatementEffects.NONE);
    }

    /** As {@link #of(ByteBuf, PrepareContext)}, with what the statement does to session state when it runs. */
    public static StatementText of(ByteBuf prepareCommand, PrepareContext context, StatementEffects effects) {
        int start = prepareCommand.readerIndex();
        if (!prepareCommand.isReadable()
                || prepareCommand.getUnsignedByte(start) != CommandType.COM_STMT_PREPARE.code()) {
            throw new IllegalArgumentException("not a COM_STMT_PREPARE payload");
        }
        byte[] query = new byte[prepareCommand.readableBytes() - 1];
        prepareCommand.getBytes(start + 1, query);
        return new StatementText(query, context, effects);
    }

    public StatementEffects effects() {
        return effects;
    }

    public PrepareContext context() {
        return context;
    }

    /** Bytes of the query, without the command byte. */
    public int length() {
        return query.length;
    }

    /**
     * A COM_STMT_PREPARE payload for this statement, to prepare it on a backend that lacks it. A new
     * buffer from {@code alloc}, owned by the caller (writing it to the backend releases it).
     */
    public ByteBuf prepareCommand(ByteBufAllocator alloc) {
        return alloc.buffer(1 + query.length).writeByte(CommandType.COM_STMT_PREPARE.code()).writeBytes(query);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof StatementText other && hash == other.hash && Arrays.equals(query, other.query)
                && context.equals(other.context);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "StatementText[" + query.length + " bytes, schema '" + context.schema() + "']";
    }
}
