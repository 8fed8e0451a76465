package io.mybouncer.proxy.statements;

import io.mybouncer.protocol.command.StatementId;
import io.netty.util.collection.LongObjectHashMap;

/**
 * The statements one client has prepared, under ids the proxy hands out: from 1, per client, so
 * they do not depend on which backend prepared a statement, nor change when the next execute runs
 * on another. One per client session.
 *
 * <p>Also resolves MariaDB's "statement prepared last" ({@link StatementId#LAST_PREPARED}, id -1)
 * the way the server does (checked on MariaDB 10.11): it names the statement of the last successful
 * COM_STMT_PREPARE; after a failed prepare, or once that statement is closed, it names none and the
 * command fails as for an unknown id.
 *
 * <p>Lookups take a primitive id and return null for an unknown one: no boxing and no
 * {@code Optional} on every execute.
 *
 * <p>Threading: confined to the client's event loop; no field is volatile or locked for that reason.
 */
public final class ClientStatements {
    /** The highest id handed out; the next is 1 again, skipping ids still open. */
    private static final long MAX_ID = StatementId.LAST_PREPARED - 1;

    private final LongObjectHashMap<ClientStatement> byId = new LongObjectHashMap<>();
    /** The id the next {@link #register} tries first. Not reset by {@link #clear}: stale ids stay unknown. */
    private long nextId;
    /** Set by a successful prepare; cleared by a failed one, by closing it and by {@link #clear}. */
    private ClientStatement lastPrepared;

    public ClientStatements() {
        this(1);
    }

    /** Starts at {@code firstId}: tests reach the wrap-around after 0xFFFFFFFE without 4 billion prepares. */
    ClientStatements(long firstId) {
        if (firstId < 1 || firstId > MAX_ID) {
            throw new IllegalArgumentException("first id: " + firstId);
        }
        this.nextId = firstId;
    }

    /**
     * Gives a statement the client just prepared successfully its id; call it when the backend's
     * COM_STMT_PREPARE_OK arrives, then send the client that OK with this id in it.
     *
     * @param parameterCount num_params of the COM_STMT_PREPARE_OK
     * @param columnCount num_columns of the COM_STMT_PREPARE_OK
     */
    public ClientStatement register(StatementText text, int parameterCount, int columnCount) {
        while (byId.containsKey(nextId)) {
            advanceId();
        }
        ClientStatement statement = new ClientStatement(nextId, text, parameterCount, columnCount);
        advanceId();
        byId.put(statement.id(), statement);
        lastPrepared = statement;
        return statement;
    }

    private void advanceId() {
        nextId = nextId == MAX_ID ? 1 : nextId + 1;
    }

    /** The client's COM_STMT_PREPARE failed: id -1 now names no statement, as on the server. */
    public void prepareFailed() {
        lastPrepared = null;
    }

    /**
     * The statement a client's command names, {@link StatementId#LAST_PREPARED} resolved; null when
     * the client has no statement by that id (it must get ER_UNKNOWN_STMT_HANDLER, see
     * {@link UnknownStatement}). Look up only once the responses to the client's earlier commands are
     * handled: MariaDB Connector/J pipelines COM_STMT_PREPARE and an execute of id -1, which names the
     * statement of that prepare only after its COM_STMT_PREPARE_OK is registered.
     */
    public ClientStatement lookup(long id) {
        return StatementId.isLastPrepared(id) ? lastPrepared : byId.get(id);
    }

    /**
     * Forgets a statement on the client's COM_STMT_CLOSE ({@link StatementId#LAST_PREPARED}
     * resolved). Nothing goes to the backend: its statement stays cached for every client.
     *
     * @return whether the client had that statement (the server ignores an unknown id silently)
     */
    public boolean close(long id) {
        ClientStatement statement = lookup(id);
        if (statement == null) {
            return false;
        }
        byId.remove(statement.id());
        if (statement == lastPrepared) {
            lastPrepared = null;
        }
        return true;
    }

    /** Forgets every statement: the client's COM_RESET_CONNECTION or COM_CHANGE_USER drops them all. */
    public void clear() {
        byId.clear();
        lastPrepared = null;
    }

    /** How many statements the client holds open. */
    public int size() {
        return byId.size();
    }
}
