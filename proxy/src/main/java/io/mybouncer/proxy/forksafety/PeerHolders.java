package io.mybouncer.proxy.forksafety;

import java.util.Objects;
import java.util.Set;

/** What {@link PeerProcesses} found out about the processes holding the client's end of a connection. */
public sealed interface PeerHolders {
    /**
     * The processes whose file descriptor tables hold the client's socket. Two or more means the
     * connection is shared; one means no other process this proxy can see holds it.
     *
     * @param pids        at least one; every process seen holding it
     * @param exhaustive  false when the search stopped early because it had already found two
     *                    (sharing is proven, the list may be short); true when every process that
     *                    could be read was searched
     * @param uninspected processes whose descriptors could not be read (another user's, with no
     *                    permission), any of which may hold it too
     */
    record Found(Set<Long> pids, boolean exhaustive, int uninspected) implements PeerHolders {
        public Found {
            pids = Set.copyOf(pids);
            if (pids.isEmpty()) {
                throw new IllegalArgumentException("pids: empty (expected: at least one; none found is Unknown)");
            }
        }
    }

    /**
     * A Unix-socket connection whose connecting process is known from its peer credentials, but
     * not who else holds its socket: the lookup of the client's socket failed.
     *
     * @param pid the process that connected; it may have exited or closed its copy since
     * @param why why the other holders are unknown
     */
    record ConnectorOnly(long pid, String why) implements PeerHolders {
        public ConnectorOnly {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Nothing is known.
     *
     * @param reason the kind of failure, for a metric label
     * @param detail the specifics, for the log line
     */
    record Unknown(Reason reason, String detail) implements PeerHolders {
        public Unknown {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why the holders are unknown, each with a phrase for the log line. */
    enum Reason {
        /** The client is on another host: its processes are not ours to see. */
        NOT_LOCAL("the client is on another host"),
        /** No {@code /proc} (not Linux, or not mounted). */
        NO_PROC("this system has no /proc"),
        /** The kernel's socket table has no entry for the client's end, or it has no inode. */
        NO_PEER_SOCKET("the client's socket is not in this network namespace (a container), or is closed"),
        /** The client's socket exists, but no process the proxy can read holds it. */
        NO_VISIBLE_HOLDER("no process the proxy can see holds the client's socket: the client runs in another"
                + " PID namespace (a container without a shared process namespace) or as a user whose"
                + " processes the proxy may not inspect"),
        /** The connection is of a kind the lookup does not cover. */
        UNSUPPORTED("the connection's client end cannot be looked up"),
        /** Too many lookups lately; this one was not made. */
        RATE_LIMITED("lookups are rate-limited"),
        /** Reading {@code /proc} failed in an unexpected way. */
        READ_FAILED("reading /proc failed");

        private final String phrase;

        Reason(String phrase) {
            this.phrase = phrase;
        }

        public String phrase() {
            return phrase;
        }
    }
}
