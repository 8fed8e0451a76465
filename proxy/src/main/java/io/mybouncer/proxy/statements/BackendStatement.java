package io.mybouncer.proxy.statements;

/**
 * One statement prepared on one backend connection, shared by every client whose statement has the
 * same {@link StatementText}: the backend's id for it, its parameter count, and the types last bound
 * on it, whichever client bound them.
 *
 * <p>Pinned while a client depends on state the server keeps in it, an open cursor or long data
 * sent ahead of the execute: {@link BackendStatements} never evicts a pinned statement, since
 * closing it would destroy that state. Pins count, so two reasons can hold it independently.
 *
 * <p>Threading: confined to the backend's event loop, like the {@link BackendStatements} that holds it.
 */
public final class BackendStatement {
    private final StatementText text;
    private final long id;
    private final int parameterCount;
    /**
     * The type bytes the server has on record for this statement: those of the last execute sent to
     * it that bound types. Null until one did. The array is a {@link ClientStatement}'s, shared and
     * never written into; set by {@link StatementRouting}.
     */
    private byte[] boundTypes;
    /** How many reasons keep it from eviction; changed by {@link #pin} and {@link #unpin}. */
    private int pins;

    BackendStatement(StatementText text, long id, int parameterCount) {
        this.text = text;
        this.id = id;
        this.parameterCount = parameterCount;
    }

    public StatementText text() {
        return text;
    }

    /** The backend's statement id, valid on that backend connection only. */
    public long id() {
        return id;
    }

    /** num_params of the backend's COM_STMT_PREPARE_OK. */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * Keeps it from eviction: a client opened a cursor on it or sent long data to it. Each pin needs
     * its own {@link #unpin}.
     */
    public void pin() {
        pins++;
    }

    /** Ends one pin: the cursor is closed or exhausted, the long data executed or reset. */
    public void unpin() {
        if (pins == 0) {
            throw new IllegalStateException("unpin without pin: " + this);
        }
        pins--;
    }

    public boolean isPinned() {
        return pins > 0;
    }

    byte[] boundTypes() {
        return boundTypes;
    }

    void boundTypes(byte[] types) {
        boundTypes = types;
    }

    @Override
    public String toString() {
        return "BackendStatement[id=" + id + ", " + text + ", " + parameterCount + " parameters, " + pins + " pins]";
    }
}
