package io.mybouncer.prefork.load;

import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Counts answers as the load driver's threads bring them in; any thread may add. */
final class Tally {
    /** Wrong answers quoted in the report; the count covers the rest. */
    private static final int WRONG_EXAMPLES = 5;

    /** Filled once in the constructor, so concurrent reads of the map itself are safe. */
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Long, LongAdder> workers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Queue<String> wrongExamples = new ConcurrentLinkedQueue<>();

    Tally() {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    void add(Answer answer) {
        outcomes.get(answer.outcome()).increment();
        if (answer.worker() != null) {
            workers.computeIfAbsent(answer.worker(), pid -> new LongAdder()).increment();
        }
        switch (answer.outcome()) {
            case FAILED -> failures.computeIfAbsent(answer.detail(), reason -> new LongAdder()).increment();
            // Approximate bound under races; a few more examples do no harm.
            case WRONG -> {
                if (wrongExamples.size() < WRONG_EXAMPLES) {
                    wrongExamples.add(answer.detail());
                }
            }
            case CORRECT, EMPTY -> {
            }
            default -> throw new IllegalStateException("bad outcome: " + answer.outcome());
        }
    }

    /** Call once every request is counted. */
    LoadReport report(LoadPlan plan, Integer maxBackendConnections, Duration duration) {
        List<String> examples = List.copyOf(wrongExamples);
        return new LoadReport(plan.server().toString(), LoadPlan.inWords(plan.phases()),
                count(Outcome.CORRECT), count(Outcome.WRONG), count(Outcome.EMPTY), count(Outcome.FAILED),
                mostFirst(workers), mostFirst(failures), examples.subList(0, Math.min(WRONG_EXAMPLES, examples.size())),
                maxBackendConnections, duration);
    }

    private long count(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    private static <K> Map<K, Long> mostFirst(Map<K, LongAdder> counts) {
        Map<K, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<K, LongAdder> e) -> e.getValue().sum()).reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
        return sorted;
    }
}
