package io.mybouncer.proxy.forksafety;

import io.mybouncer.proxy.forksafety.PeerHolders.ConnectorOnly;
import io.mybouncer.proxy.forksafety.PeerHolders.Found;
import io.mybouncer.proxy.forksafety.PeerHolders.Reason;
import io.mybouncer.proxy.forksafety.PeerHolders.Unknown;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps {@link PeerProcesses} lookups rare, since each may read every process's descriptors: a
 * connection's answer is reused for a while, unless a holder it names has forked since (its children
 * differ: the cheap look that catches a preloaded app's master forking its workers right after its
 * last query), fresh lookups are limited per second across all connections, and each fresh lookup
 * searches the processes of the connection's previous answer first (with their children, where a
 * fork's copies are). Thread-safe.
 *
 * <p>Answers are kept per {@link ClientSocket}, whose Unix form is a file descriptor number that
 * the kernel reuses: {@link #forget} a connection when it closes.
 */
public final class CachedPeerProcesses implements PeerProcesses {
    private static final long SECOND_NANOS = Duration.ofSeconds(1).toNanos();

    private final PeerProcesses lookup;
    private final long reuseNanos;
    private final LongSupplier nanoTime;
    /** When the latest fresh lookups started, a ring with one slot per lookup allowed per second. */
    private final long[] recentStarts;
    /** The ring's next slot to write. */
    private int next;
    /** Slots written so far, up to the ring's size. */
    private int filled;
    private final Map<ClientSocket, Answer> answers = new ConcurrentHashMap<>();

    /** A connection's last answer, when its lookup started, and the children its holders had then. */
    private record Answer(PeerHolders holders, long startedNanos, Set<Long> children) {
    }

    /**
     * @param lookup     does the lookups
     * @param reuseFor   how long a connection's answer stands before it is looked up again
     * @param perSecond  fresh lookups allowed in any one second; more get {@link Reason#RATE_LIMITED}
     * @param nanoTime   the clock, {@code System::nanoTime} outside tests
     */
    public CachedPeerProcesses(PeerProcesses lookup, Duration reuseFor, int perSecond, LongSupplier nanoTime) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond: " + perSecond + " (expected: at least 1)");
        }
        this.lookup = lookup;
        this.reuseNanos = reuseFor.toNanos();
        this.recentStarts = new long[perSecond];
        this.nanoTime = nanoTime;
    }

    @Override
    public PeerHolders holdersOf(ClientSocket socket, Set<Long> candidates) {
        PeerHolders held = stillHeld(socket);
        if (held != null) {
            return held;
        }
        long now = nanoTime.getAsLong();
        Answer previous = answers.get(socket);
        if (!startLookup(now)) {
            return new Unknown(Reason.RATE_LIMITED, "more than " + recentStarts.length + " lookups in one second");
        }
        Set<Long> likely = new HashSet<>(candidates);
        if (previous != null) {
            likely.addAll(pidsOf(previous.holders()));
        }
        PeerHolders holders = lookup.holdersOf(socket, likely);
        answers.put(socket, new Answer(holders, now, childrenOf(holders)));
        return holders;
    }

    @Override
    public Set<Long> childrenOf(long pid) {
        return lookup.childrenOf(pid);
    }

    @Override
    public PeerHolders stillHeld(ClientSocket socket) {
        Answer previous = answers.get(socket);
        if (previous != null && nanoTime.getAsLong() - previous.startedNanos() < reuseNanos
                && previous.children().equals(childrenOf(previous.holders()))) {
            return previous.holders();
        }
        return null;
    }

    /** The children the holders found have now; none for an answer that found none. */
    private Set<Long> childrenOf(PeerHolders holders) {
        Set<Long> pids = pidsOf(holders);
        if (pids.size() == 1) {
            return lookup.childrenOf(pids.iterator().next());
        }
        Set<Long> children = new HashSet<>();
        pids.forEach(pid -> children.addAll(lookup.childrenOf(pid)));
        return children;
    }

    /** Drops what is kept for {@code socket}; call when its connection closes. */
    public void forget(ClientSocket socket) {
        answers.remove(socket);
    }

    /** Takes one of this second's lookups, if any is left. */
    private synchronized boolean startLookup(long now) {
        // Once the ring is full, the slot at next holds the start of the lookup perSecond lookups ago.
        if (filled == recentStarts.length && now - recentStarts[next] < SECOND_NANOS) {
            return false;
        }
        recentStarts[next] = now;
        next = (next + 1) % recentStarts.length;
        filled = Math.min(filled + 1, recentStarts.length);
        return true;
    }

    private static Set<Long> pidsOf(PeerHolders holders) {
        if (holders instanceof Found found) {
            return found.pids();
        }
        return holders instanceof ConnectorOnly connector ? Set.of(connector.pid()) : Set.of();
    }
}
