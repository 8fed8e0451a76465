package io.mybouncer.proxy.pool;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The idle connections, grouped by event loop so an acquire can find one on its own loop in
 * constant time (DESIGN part 7: no cross-thread hand-off on the hot path). Within a loop the most
 * recently used connection goes out first: it is the one most likely still warm, and the least
 * used ones age out through the idle timeout instead of being kept alive by round-robin use
 * (PgBouncer's default {@code server_round_robin = 0}).
 *
 * <p>Not thread-safe: {@link Pool} uses it under its lock.
 */
final class IdleConnections {
    /** Per loop, most recently idle first. Loops are few and fixed, so the map never shrinks. */
    private final Map<EventLoop, ArrayDeque<PoolEntry>> byLoop = new HashMap<>();
    private int size;

    void add(PoolEntry entry) {
        byLoop.computeIfAbsent(entry.loop, loop -> new ArrayDeque<>()).addFirst(entry);
        size++;
    }

    boolean remove(PoolEntry entry) {
        ArrayDeque<PoolEntry> deque = byLoop.get(entry.loop);
        if (deque != null && deque.remove(entry)) {
            size--;
            return true;
        }
        return false;
    }

    /**
     * The connection to hand out next, left in place: the most recent on {@code preferred}, else
     * the most recent on any loop; {@code null} when none is idle.
     */
    PoolEntry peek(EventLoop preferred) {
        ArrayDeque<PoolEntry> own = byLoop.get(preferred);
        if (own != null && !own.isEmpty()) {
            return own.peekFirst();
        }
        for (ArrayDeque<PoolEntry> other : byLoop.values()) {
            if (!other.isEmpty()) {
                return other.peekFirst();
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    /** A copy, longest idle first: the order the janitor retires them in. */
    List<PoolEntry> oldestFirst() {
        List<PoolEntry> all = new ArrayList<>(size);
        byLoop.values().forEach(all::addAll);
        all.sort(Comparator.comparingLong(entry -> entry.idleSinceNanos));
        return all;
    }
}
