package io.mybouncer.proxy.forksafety;

import java.util.Set;

/**
 * Finds the processes holding the client's end of a connection to the proxy: more than one means
 * the connection is shared, as after a {@code fork()} in a preloaded application. An interface, so
 * that the fork-hazard decision can be tested with fakes; {@link ProcPeerProcesses} asks Linux.
 */
public interface PeerProcesses {
    /**
     * Looks up who holds {@code socket}'s client end. Blocking (it reads {@code /proc} and may run
     * a command): call it off the event loops, and only on rare events. Never throws: every failure
     * is an {@link PeerHolders.Unknown} with its reason.
     *
     * @param candidates processes to search first (a previous answer, or the connecting process);
     *                   may be empty
     */
    PeerHolders holdersOf(ClientSocket socket, Set<Long> candidates);

    /**
     * The processes {@code pid}'s main thread has forked that are still running: a cheap look (one small
     * file) that tells whether a holder forked since its connection was last looked up (a preloaded app's
     * master forks its workers from its main thread). None where unknown.
     */
    default Set<Long> childrenOf(long pid) {
        return Set.of();
    }

    /**
     * The last answer for {@code socket} if it still stands, else null: for a caller on an event loop, which
     * must not wait for a lookup but may afford {@link #childrenOf}. None is kept by default.
     */
    default PeerHolders stillHeld(ClientSocket socket) {
        return null;
    }
}
