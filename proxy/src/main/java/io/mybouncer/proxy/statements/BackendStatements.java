package io.mybouncer.proxy.statements;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongConsumer;

/**
 * The statements prepared on one backend connection, by {@link StatementText}: a bounded cache in
 * least-recently-used order, so clients that prepare the same text share one server statement and
 * the server's max_prepared_stmt_count (16382 by default, for the whole server) is never exhausted
 * by a proxy that prepares on every backend a client passes through.
 *
 * <p>Past its capacity the least recently used statement is evicted and closed: the close callback
 * gets the backend's id, and the caller sends COM_STMT_CLOSE (which has no response). Pinned
 * statements ({@link BackendStatement#pin}) are skipped, so the next least recently used goes
 * instead; when every other statement is pinned the cache holds more than its capacity until a later
 * {@link #register} finds one to evict.
 *
 * <p>The counters are cumulative over the connection's life, for the admin console and metrics.
 *
 * <p>Threading: confined to the backend connection's event loop; no field is volatile for that
 * reason. Read the counters there too.
 */
public final class BackendStatements {
    private final int capacity;
    private final LongConsumer close;
    /** In access order: the first entry is the least recently used. */
    private final LinkedHashMap<StatementText, BackendStatement> statements;
    private long prepares;
    private long hits;
    private long evictions;

    /**
     * @param capacity how many statements to keep before evicting, at least 1
     * @param close called with a backend statement id to close, from {@link #register} and
     *     {@link #discard} only, on this event loop. The caller may write COM_STMT_CLOSE at once, even
     *     while the prepare's definitions are still arriving: it has no response, and the server reads
     *     it only after finishing the response in flight. It must not call back into this cache.
     */
    public BackendStatements(int capacity, LongConsumer close) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.capacity = capacity;
        this.close = close;
        this.statements = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * The statement prepared here for {@code text}, now the most recently used; null when there is
     * none, and the caller prepares {@code text} here first ({@link StatementText#prepareCommand})
     * and {@link #register}s the result.
     */
    public BackendStatement lookup(StatementText text) {
        BackendStatement statement = statements.get(text);
        if (statement != null) {
            hits++;
        }
        return statement;
    }

    /**
     * Records a statement the backend has just prepared (its COM_STMT_PREPARE_OK), whether the
     * client asked for it or the proxy prepared it transparently; evicts past the capacity.
     *
     * <p>When the text is prepared here already (a client prepared a text another client had
     * prepared on this backend), the statement already cached stays, since the server may hold
     * types, a cursor or long data in it; the new id is closed at once and the cached one returned.
     *
     * @return the statement to use for {@code text} on this backend
     */
    public BackendStatement register(StatementText text, long backendId, int parameterCount) {
        prepares++;
        BackendStatement cached = statements.get(text);
        if (cached != null) {
            close.accept(backendId);
            return cached;
        }
        BackendStatement statement = new BackendStatement(text, backendId, parameterCount);
        statements.put(text, statement);
        while (statements.size() > capacity && evictOne(statement)) {
            evictions++;
        }
        return statement;
    }

    /** Evicts the least recently used statement that is neither pinned nor {@code keep}, if any. */
    private boolean evictOne(BackendStatement keep) {
        Iterator<BackendStatement> eldestFirst = statements.values().iterator();
        while (eldestFirst.hasNext()) {
            BackendStatement candidate = eldestFirst.next();
            if (candidate != keep && !candidate.isPinned()) {
                eldestFirst.remove();
                close.accept(candidate.id());
                return true;
            }
        }
        return false;
    }

    /**
     * Closes a statement now and forgets it, pinned or not: the client that held a cursor or long
     * data in it closed its own statement, and only closing the server's ends that state.
     */
    public void discard(BackendStatement statement) {
        if (statements.get(statement.text()) != statement) {
            throw new IllegalArgumentException("not cached here: " + statement);
        }
        statements.remove(statement.text());
        close.accept(statement.id());
    }

    /**
     * Forgets every statement without closing any: the backend's COM_RESET_CONNECTION or
     * COM_CHANGE_USER has dropped them all on the server.
     */
    public void clear() {
        statements.clear();
    }

    /** How many statements are prepared here now; above {@link #capacity()} only while pins hold them. */
    public int size() {
        return statements.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Statements the backend prepared, for clients or transparently. */
    public long prepares() {
        return prepares;
    }

    /** Lookups that found the statement prepared here, so no prepare was needed. */
    public long hits() {
        return hits;
    }

    /** Statements closed to stay within the capacity. */
    public long evictions() {
        return evictions;
    }
}
