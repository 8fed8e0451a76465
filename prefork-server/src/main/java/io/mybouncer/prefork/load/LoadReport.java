package io.mybouncer.prefork.load;

import io.mybouncer.prefork.http.Json;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a load run got back: each outcome's count, who answered, why requests failed, and how many
 * connections the database had at most meanwhile. Printed as a table for people and as JSON for
 * the demo and tests.
 *
 * @param phases                 the plan's phases, as words
 * @param answersByWorker        pid → answers that named it, most first
 * @param failures               reason → count, most first
 * @param wrongExamples          a few wrong answers, as they were
 * @param maxBackendConnections  the most {@code Threads_connected} seen during the run, not counting
 *                               the sampler's own connection; {@code null} when not sampled
 */
public record LoadReport(String server, String phases, long correct, long wrong, long empty, long failed,
        Map<Long, Long> answersByWorker, Map<String, Long> failures, List<String> wrongExamples,
        Integer maxBackendConnections, Duration duration) {
    public LoadReport {
        answersByWorker = Collections.unmodifiableMap(new LinkedHashMap<>(answersByWorker));
        failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        wrongExamples = List.copyOf(wrongExamples);
    }

    public long requests() {
        return correct + wrong + empty + failed;
    }

    public long count(Outcome outcome) {
        return switch (outcome) {
            case CORRECT -> correct;
            case WRONG -> wrong;
            case EMPTY -> empty;
            case FAILED -> failed;
        };
    }

    /** The share of requests with {@code outcome}, in percent. */
    public double percent(Outcome outcome) {
        return requests() == 0 ? 0 : 100.0 * count(outcome) / requests();
    }

    /** The summary for people. */
    public String table() {
        StringBuilder out = new StringBuilder();
        double seconds = duration.toNanos() / 1e9;
        out.append(String.format("%d requests to %s (%s) in %.2f s, %.0f requests/s%n", requests(), server, phases,
                seconds, seconds == 0 ? 0 : requests() / seconds));
        out.append(String.format("  %-8s %7s %7s%n", "outcome", "count", "share"));
        for (Outcome outcome : Outcome.values()) {
            out.append(String.format("  %-8s %7d %6.1f%%%n", outcome.name().toLowerCase(), count(outcome),
                    percent(outcome)));
        }
        out.append("answered by workers: ").append(answersByWorker.isEmpty() ? "none" : answersByWorker.entrySet()
                .stream().map(e -> "pid " + e.getKey() + " x " + e.getValue()).collect(Collectors.joining(", ")))
                .append(System.lineSeparator());
        if (maxBackendConnections != null) {
            out.append("database connections during the run: at most ").append(maxBackendConnections)
                    .append(" (Threads_connected, not counting the sampler's own)").append(System.lineSeparator());
        }
        failures.forEach((reason, count) -> out.append(String.format("failed: %5d x %s%n", count, reason)));
        wrongExamples.forEach(example -> out.append("wrong, e.g.: ").append(example).append(System.lineSeparator()));
        return out.toString();
    }

    /** The same, as one JSON object. */
    public String json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", server);
        json.put("phases", phases);
        json.put("requests", requests());
        for (Outcome outcome : Outcome.values()) {
            json.put(outcome.name().toLowerCase(), count(outcome));
        }
        json.put("durationMs", duration.toMillis());
        json.put("maxBackendConnections", maxBackendConnections);
        Map<String, Long> workers = new LinkedHashMap<>();
        answersByWorker.forEach((pid, count) -> workers.put(pid.toString(), count));
        json.put("answersByWorker", workers);
        json.put("failures", failures);
        json.put("wrongExamples", wrongExamples);
        return Json.write(json);
    }
}
