package io.mybouncer.proxy.statements;

import io.netty.buffer.ByteBuf;

/**
 * One statement a client prepared, under the proxy's own id: the text to prepare it again on any
 * backend, the counts from its COM_STMT_PREPARE_OK, and the parameter types the client bound last.
 *
 * <p>Clients send types only when they change (new_params_bound_flag 1) and say "as before" with
 * flag 0; a backend that has not seen this client's types needs them put back
 * ({@link StatementRouting#executeOn}). So the types of every execute that binds them are kept here:
 * compared in place with the payload, and copied only when they differ, so a client that binds the
 * same types on every execute (many drivers do) costs no allocation.
 *
 * <p>Threading: created and changed on the client's event loop, by {@link ClientStatements} and
 * {@link StatementRouting}, while the client has the command in flight. The types array is never
 * changed once stored, only replaced, so a {@link BackendStatement} may share it.
 */
public final class ClientStatement {
    private final long id;
    private final StatementText text;
    private final int parameterCount;
    private final int columnCount;
    /**
     * The 2 * parameterCount type bytes (type, flags) of the client's last execute that bound types;
     * null until it binds some. Replaced, never written into, by {@link #recordTypes}.
     */
    private byte[] boundTypes;

    ClientStatement(long id, StatementText text, int parameterCount, int columnCount) {
        this.id = id;
        this.text = text;
        this.parameterCount = parameterCount;
        this.columnCount = columnCount;
    }

    /** The proxy's id for it, the one the client sees: unsigned 32-bit, never 0 or 0xFFFFFFFF. */
    public long id() {
        return id;
    }

    public StatementText text() {
        return text;
    }

    /** num_params of its COM_STMT_PREPARE_OK: needed to read every COM_STMT_EXECUTE of it. */
    public int parameterCount() {
        return parameterCount;
    }

    /** num_columns of its COM_STMT_PREPARE_OK: 0 for a statement that returns no rows. */
    public int columnCount() {
        return columnCount;
    }

    /** The stored type bytes, shared, not copied: callers never write into them. Null until bound. */
    byte[] boundTypes() {
        return boundTypes;
    }

    /**
     * Keeps the types an execute binds, which start at {@code index} in {@code payload}: compared in
     * place, copied only when they differ from the stored ones.
     */
    void recordTypes(ByteBuf payload, int index) {
        byte[] stored = boundTypes;
        if (stored != null && sameBytes(payload, index, stored)) {
            return;
        }
        byte[] copy = new byte[2 * parameterCount];
        payload.getBytes(index, copy);
        boundTypes = copy;
    }

    private static boolean sameBytes(ByteBuf payload, int index, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (payload.getByte(index + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ClientStatement[id=" + id + ", " + text + ", " + parameterCount + " parameters, " + columnCount
                + " columns]";
    }
}
