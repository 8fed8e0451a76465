package io.mybouncer.proxy.pool;

import io.netty.channel.EventLoop;

/**
 * The pool's record of one backend connection, from the start of its connect to its close. Every
 * field is guarded by the owning {@link Pool}'s lock, and only {@code Pool.moveTo} changes the
 * state.
 */
final class PoolEntry {
    /**
     * Where a connection is in its life. Each state is a counter in {@link PoolStats}, and
     * {@link #IDLE} is also the idle collection (PgBouncer's "each state is a list").
     */
    enum State {
        CONNECTING,
        IDLE,
        VALIDATING,
        ACTIVE,
        RESETTING,
        CLOSED;

        boolean canMoveTo(State next) {
            return switch (this) {
                case CONNECTING -> next == IDLE || next == ACTIVE || next == CLOSED;
                case IDLE -> next == ACTIVE || next == VALIDATING || next == CLOSED;
                case VALIDATING -> next == ACTIVE || next == CLOSED;
                // ACTIVE -> ACTIVE: a connection the waiter gave up on goes straight to the next one.
                case ACTIVE -> next == ACTIVE || next == IDLE || next == RESETTING || next == CLOSED;
                case RESETTING -> next == IDLE || next == ACTIVE || next == CLOSED;
                case CLOSED -> false;
            };
        }
    }

    /** The loop the connect was started on, and so the loop the connection lives on. */
    final EventLoop loop;
    /** Set when the connect succeeds; {@code null} while {@link State#CONNECTING}. */
    PooledConnection connection;
    State state = State.CONNECTING;
    /** Pool clock when the connect succeeded; lifetime counts from here. */
    long bornNanos;
    /** Pool clock when the entry last became idle. */
    long idleSinceNanos;
    /** Set when it moves to {@link State#CLOSED} by the pool's choice; {@code null} for a failed connect. */
    CloseReason closeReason;

    PoolEntry(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public String toString() {
        return connection == null ? "connecting backend" : "backend#" + connection.id();
    }
}
