package io.mybouncer.proxy.forksafety;

import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Judges a client connection on one of DESIGN part 5's two signals ({@link Signal}): a command that
 * arrived while the previous response was still in flight (deliberate pipelining by one process, as
 * MariaDB Connector/J does, or one socket used by several processes after a {@code fork()}), or an
 * idle connection used again (the moment a worker first uses what its master used before forking).
 * It asks the operating system who holds the client's end ({@link PeerProcesses}) on a thread of its
 * own, since the lookup reads {@code /proc}; the event loops never wait for it.
 *
 * <p>Where the operating system cannot tell (another PID namespace, no permission), an overlap is
 * decided by the client's connect attributes: a driver known to pipeline is given the benefit of
 * the doubt, any other client's overlap is treated as sharing under {@link ForkSafetyPolicy#REJECT}.
 * A reuse needs proof of sharing.
 */
public final class ForkHazardDetector implements AutoCloseable {
    /** {@code _client_name} values of drivers that pipeline commands on purpose. */
    private static final Set<String> PIPELINING_DRIVERS = Set.of("MariaDB Connector/J");
    /** Lookups waiting beyond this are refused: the overlap is then unexplained. */
    private static final int MAX_QUEUED_LOOKUPS = 64;

    /** Why the connection is looked at (DESIGN part 5's two signals). */
    public enum Signal {
        /** A command arrived while a response was still owed: pipelining, or two processes. */
        OVERLAP("a command arrived while a response was in flight"),
        /**
         * A connection idle for a while was used again: what a worker does with a connection its
         * master used before fork(). Only proof of sharing stops it; an unknown answer lets it pass.
         */
        REUSE("a connection idle for a while was used again");

        private final String phrase;

        Signal(String phrase) {
            this.phrase = phrase;
        }
    }

    /** What the lookup showed. */
    public enum Verdict {
        /** One process holds the connection: the overlap is pipelining. */
        ONE_PROCESS,
        /** Several processes hold it. */
        SHARED,
        /** The operating system could not tell. */
        UNEXPLAINED
    }

    /**
     * A judgement.
     *
     * @param signal  why the connection was looked at
     * @param verdict what the lookup showed
     * @param holders the lookup's answer, for the log line
     * @param reject  whether the policy says to stop the connection
     */
    public record Judgement(Signal signal, Verdict verdict, PeerHolders holders, boolean reject) {
        /** Whether it is worth a log line and a count: sharing, or an overlap the OS could not explain. */
        public boolean hazard() {
            return verdict == Verdict.SHARED || verdict == Verdict.UNEXPLAINED && signal == Signal.OVERLAP;
        }

        /** Who holds the connection, in words for the client's ERR and the log line. */
        public String holdersPhrase() {
            if (holders instanceof PeerHolders.Found found) {
                return "processes " + found.pids().stream().sorted().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + (found.exhaustive() ? "" : " and perhaps more");
            }
            if (holders instanceof PeerHolders.ConnectorOnly connector) {
                return "process " + connector.pid() + " connected; who else holds it is unknown: " + connector.why();
            }
            return "who holds it is unknown: " + ((PeerHolders.Unknown) holders).reason().phrase();
        }
    }

    private static final System.Logger LOG = System.getLogger(ForkHazardDetector.class.getName());

    private final ForkSafetyPolicy policy;
    private final PeerProcesses peers;
    private final ExecutorService lookups;
    /** Hazards reported, by verdict (SHARED, UNEXPLAINED) and whether the connection was stopped. */
    private final LongAdder[] rejected = adders();
    private final LongAdder[] logged = adders();

    public ForkHazardDetector(ForkSafetyPolicy policy, PeerProcesses peers) {
        this.policy = policy;
        this.peers = peers;
        this.lookups = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_LOOKUPS), runnable -> {
                    Thread thread = new Thread(runnable, "mybouncer-peer-lookup");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    public ForkSafetyPolicy policy() {
        return policy;
    }

    /**
     * Looks up who holds {@code client}'s connection and judges it; the future completes on the
     * client's event loop. Call on that loop.
     *
     * @param connectAttributes the client's, for telling a pipelining driver when the OS cannot
     */
    public Future<Judgement> judge(Channel client, Map<String, String> connectAttributes, Signal signal) {
        ClientSocket socket = ClientSocket.of(client);
        boolean pipeliningDriver = PIPELINING_DRIVERS.contains(connectAttributes.get("_client_name"));
        PeerHolders held = peers.stillHeld(socket);
        if (held != null) {
            // The last answer stands (no holder forked since): judged here, no hop to the lookup thread.
            return client.eventLoop().newSucceededFuture(judgement(signal, held, pipeliningDriver));
        }
        Promise<Judgement> judgement = client.eventLoop().newPromise();
        try {
            lookups.execute(() -> judgement.setSuccess(
                    judgement(signal, peers.holdersOf(socket, Set.of()), pipeliningDriver)));
        } catch (RejectedExecutionException busy) {
            judgement.setSuccess(judgement(signal, new PeerHolders.Unknown(PeerHolders.Reason.RATE_LIMITED,
                    MAX_QUEUED_LOOKUPS + " lookups already queued"), pipeliningDriver));
        }
        return judgement;
    }

    Judgement judgement(Signal signal, PeerHolders holders, boolean pipeliningDriver) {
        Verdict verdict = holders instanceof PeerHolders.Found found
                ? found.pids().size() > 1 ? Verdict.SHARED : Verdict.ONE_PROCESS
                : Verdict.UNEXPLAINED;
        boolean unexplainedOverlap = verdict == Verdict.UNEXPLAINED && signal == Signal.OVERLAP && !pipeliningDriver;
        boolean reject = policy == ForkSafetyPolicy.REJECT && (verdict == Verdict.SHARED || unexplainedOverlap);
        return new Judgement(signal, verdict, holders, reject);
    }

    /**
     * Logs a judgement that found a hazard (or could not rule one out) and counts it. The line names
     * the client, every process holding its connection with its command line, and the fix.
     *
     * @param client the session and the client's address, e.g. {@code session 12 from 127.0.0.1:50412}
     */
    public void report(Judgement judgement, String client) {
        (judgement.reject() ? rejected : logged)[judgement.verdict().ordinal()].increment();
        String processes = judgement.holders() instanceof PeerHolders.Found found
                ? found.pids().stream().sorted().map(pid -> ProcessInfo.of(pid).map(ProcessInfo::toString)
                        .orElse("pid " + pid)).collect(Collectors.joining(", "))
                : judgement.holdersPhrase();
        LOG.log(judgement.reject() ? System.Logger.Level.ERROR : System.Logger.Level.WARNING,
                "{0}: fork hazard ({1}): {2}, and the connection is held by {3}; {4}. Open connections after"
                        + " fork(): gunicorn''s post_fork hook, SQLAlchemy''s engine.dispose() in each worker, or a"
                        + " connection to mybouncer per worker or per request",
                client, judgement.verdict().name().toLowerCase(), judgement.signal().phrase, processes,
                judgement.reject() ? "stopped it: every further command gets an ERR" : "relaying on (fork_safety: log)");
    }

    /** Hazards reported with this verdict, stopped ({@code rejected}) or only logged. */
    public long reported(Verdict verdict, boolean wasRejected) {
        return (wasRejected ? rejected : logged)[verdict.ordinal()].sum();
    }

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[Verdict.values().length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
