package io.mybouncer.proxy.pool;

import io.mybouncer.proxy.pool.PoolEntry.State;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every connection of one pool by state, and the running totals {@link PoolStats} reports. Each
 * state is a counter and IDLE is also a collection, kept in step by the one transition method
 * {@link #moveTo} (PgBouncer's "each state corresponds to a list"). It decides nothing: {@link Pool}
 * does, under its lock, which is also what guards this class.
 */
final class PoolInventory {
    /** Every entry past CONNECTING and not CLOSED, to find a connection's entry on release. */
    private final Map<PooledConnection, PoolEntry> entries = new IdentityHashMap<>();
    private final IdleConnections idle = new IdleConnections();
    /** Entries per {@link State}, by ordinal; CLOSED stays zero. */
    private final int[] counts = new int[State.values().length];
    private final long[] closedByReason = new long[CloseReason.values().length];
    private long created;
    private long connectFailures;

    /** A new entry for a connect about to start on {@code loop}. */
    PoolEntry startConnecting(EventLoop loop) {
        counts[State.CONNECTING.ordinal()]++;
        return new PoolEntry(loop);
    }

    /** Records the connection a CONNECTING entry got; the caller then moves it on. */
    void connected(PoolEntry entry, PooledConnection connection, long nowNanos) {
        created++;
        entry.connection = connection;
        entry.bornNanos = nowNanos;
    }

    void connectFailed(PoolEntry entry) {
        connectFailures++;
        moveTo(entry, State.CLOSED);
    }

    /** The entry of a connection in this pool (not CONNECTING, not CLOSED), or {@code null}. */
    PoolEntry find(PooledConnection connection) {
        return entries.get(connection);
    }

    void makeIdle(PoolEntry entry, long nowNanos) {
        entry.idleSinceNanos = nowNanos;
        moveTo(entry, State.IDLE);
    }

    /** Marks the entry closed by the pool's choice; the caller closes the connection after unlocking. */
    void retire(PoolEntry entry, CloseReason reason) {
        entry.closeReason = reason;
        closedByReason[reason.ordinal()]++;
        moveTo(entry, State.CLOSED);
    }

    /** The one state transition: keeps the counters, the idle collection and the index in step with the state. */
    void moveTo(PoolEntry entry, State next) {
        State from = entry.state;
        if (!from.canMoveTo(next)) {
            throw new IllegalStateException("bad state: " + entry + " " + from + " -> " + next);
        }
        counts[from.ordinal()]--;
        if (from == State.IDLE) {
            idle.remove(entry);
        }
        if (from == State.CONNECTING && next != State.CLOSED) {
            entries.put(entry.connection, entry);
        }
        entry.state = next;
        if (next == State.CLOSED) {
            if (entry.connection != null) {
                entries.remove(entry.connection);
            }
            return;
        }
        counts[next.ordinal()]++;
        if (next == State.IDLE) {
            idle.add(entry);
        }
    }

    /** See {@link IdleConnections#peek}. */
    PoolEntry peekIdle(EventLoop preferred) {
        return idle.peek(preferred);
    }

    List<PoolEntry> idleOldestFirst() {
        return idle.oldestFirst();
    }

    int count(State state) {
        return counts[state.ordinal()];
    }

    /** Entries counted against the pool size: every state but CLOSED. */
    int total() {
        int total = 0;
        for (int n : counts) {
            total += n;
        }
        return total;
    }

    PoolStats stats(int waiting, long longestWaitNanos, boolean connectFailing) {
        Map<CloseReason, Long> closed = new EnumMap<>(CloseReason.class);
        for (CloseReason reason : CloseReason.values()) {
            closed.put(reason, closedByReason[reason.ordinal()]);
        }
        return new PoolStats(count(State.CONNECTING), count(State.IDLE), count(State.VALIDATING), count(State.ACTIVE),
                count(State.RESETTING), waiting, longestWaitNanos, created, connectFailures, closed, connectFailing);
    }

    /** Every connection past its login, oldest first, with ages measured at {@code nowNanos}. */
    List<ConnectionSnapshot> snapshots(long nowNanos) {
        List<ConnectionSnapshot> snapshots = new ArrayList<>(entries.size());
        for (PoolEntry entry : entries.values()) {
            long idleNanos = entry.state == State.IDLE ? nowNanos - entry.idleSinceNanos : 0;
            snapshots.add(new ConnectionSnapshot(entry.connection.id(), entry.connection.serverConnectionId(),
                    entry.state.name().toLowerCase(Locale.ROOT), Duration.ofNanos(nowNanos - entry.bornNanos),
                    Duration.ofNanos(idleNanos), entry.connection.statementCache()));
        }
        snapshots.sort(Comparator.comparing(ConnectionSnapshot::age).reversed());
        return snapshots;
    }
}
