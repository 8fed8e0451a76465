package io.mybouncer.prefork.load;

import io.mybouncer.prefork.http.QueryHandler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the load driver sends: phases run one after the other, each with its own number of
 * requests and of requests in flight at once. Errors name the {@code load} command's options.
 *
 * @param server  the prefork server, e.g. {@code http://127.0.0.1:8080}
 * @param ids     which rows are asked for
 * @param maxId   ids range over 1..maxId, rows the table must hold
 * @param timeout how long one request may take before it counts as failed
 */
public record LoadPlan(URI server, List<Phase> phases, IdOrder ids, long maxId, Duration timeout) {
    /** {@code requests} requests, {@code concurrency} of them in flight at any time. */
    public record Phase(int requests, int concurrency) {
        public static final int MAX_CONCURRENCY = 1000;

        public Phase {
            if (requests < 1) {
                throw new IllegalArgumentException("--requests: " + requests + " (expected: >= 1)");
            }
            if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
                throw new IllegalArgumentException("--concurrency: " + concurrency + " (expected: 1.." + MAX_CONCURRENCY
                        + ")");
            }
        }

        @Override
        public String toString() {
            return requests == concurrency ? requests + " at once" : requests + " at concurrency " + concurrency;
        }
    }

    /** The seed experiment's shape: 50 calls at once, then 1,000 at concurrency 50. */
    public static final List<Phase> SEED_EXPERIMENT = List.of(new Phase(50, 50), new Phase(1000, 50));
    public static final long DEFAULT_MAX_ID = 1000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public LoadPlan {
        Objects.requireNonNull(server, "server");
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("no phase (expected: at least one)");
        }
        if (maxId < 1) {
            throw new IllegalArgumentException("--max-id: " + maxId + " (expected: >= 1)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout-ms: " + timeout.toMillis() + " (expected: > 0)");
        }
    }

    /** The seed experiment against {@code server}, random ids over the default rows. */
    public static LoadPlan seedExperiment(URI server) {
        return seedExperiment(server, DEFAULT_TIMEOUT);
    }

    /** The same, with another time a request may take before it counts as failed. */
    public static LoadPlan seedExperiment(URI server, Duration timeout) {
        return new LoadPlan(server, SEED_EXPERIMENT, IdOrder.RANDOM, DEFAULT_MAX_ID, timeout);
    }

    /** Phases in words, e.g. {@code 50 at once, then 1000 at concurrency 50}. */
    public static String inWords(List<Phase> phases) {
        return phases.stream().map(Phase::toString).collect(Collectors.joining(", then "));
    }

    public int requests() {
        return phases.stream().mapToInt(Phase::requests).sum();
    }

    /** The URI of {@code GET /q?id=N}. */
    URI query(long id) {
        return server.resolve(QueryHandler.PATH + "?id=" + id);
    }
}
