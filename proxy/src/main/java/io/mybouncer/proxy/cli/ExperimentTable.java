package io.mybouncer.proxy.cli;

import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.prefork.load.Outcome;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo's before/after table: one row per configuration with the count of each outcome, the
 * most connections the database had during the run and the fork-hazard ERRs mybouncer sent, then
 * why requests failed, per configuration.
 */
final class ExperimentTable {
    private static final String CONNECTIONS = "MariaDB connections";
    private static final String HAZARD_ERRORS = "mybouncer ERR 1184";
    /** Failure reasons shown per configuration; the counts above cover the rest. */
    private static final int REASONS = 3;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private ExperimentTable() {
    }

    static String format(List<ForkExperiment.Result> results) {
        int labelWidth = results.stream().mapToInt(result -> result.configuration().label().length()).max().orElse(0);
        StringBuilder table = new StringBuilder(String.format("%-" + labelWidth + "s", ""));
        for (Outcome outcome : Outcome.values()) {
            table.append(String.format("  %7s", outcome.name().toLowerCase(Locale.ROOT)));
        }
        table.append("  ").append(CONNECTIONS).append("  ").append(HAZARD_ERRORS).append(System.lineSeparator());
        for (ForkExperiment.Result result : results) {
            LoadReport report = result.report();
            table.append(String.format("%-" + labelWidth + "s", result.configuration().label()));
            for (Outcome outcome : Outcome.values()) {
                table.append(String.format("  %7d", report.count(outcome)));
            }
            Integer connections = report.maxBackendConnections();
            table.append(String.format("  %" + CONNECTIONS.length() + "s  %" + HAZARD_ERRORS.length() + "s%n",
                    connections == null ? "?" : connections, result.configuration().throughMybouncer()
                            ? Long.toString(result.forkHazardErrors()) : "-"));
        }
        for (ForkExperiment.Result result : results) {
            Map<String, Long> failures = result.report().failures();
            if (failures.isEmpty()) {
                continue;
            }
            table.append(System.lineSeparator()).append("Why requests failed, ").append(result.configuration().label())
                    .append(':').append(System.lineSeparator());
            // A reason may quote bytes a worker read off a shared socket: control characters become '?'.
            failures.entrySet().stream().limit(REASONS).forEach(failure -> table.append(String.format("  %5d x %s%n",
                    failure.getValue(), CONTROL.matcher(failure.getKey()).replaceAll("?"))));
            if (failures.size() > REASONS) {
                table.append(String.format("  and %d other reasons%n", failures.size() - REASONS));
            }
        }
        return table.toString();
    }
}
