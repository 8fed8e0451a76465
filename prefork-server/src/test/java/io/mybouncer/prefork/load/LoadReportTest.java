package io.mybouncer.prefork.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Tally} counting answers, and the {@link LoadReport} it makes. */
class LoadReportTest {
    private static final LoadPlan PLAN = LoadPlan.seedExperiment(URI.create("http://127.0.0.1:8080"));

    private static LoadReport report(Integer maxConnections) {
        Tally tally = new Tally();
        for (int i = 0; i < 6; i++) {
            tally.add(new Answer(Outcome.CORRECT, 100L, ""));
        }
        tally.add(new Answer(Outcome.CORRECT, 200L, ""));
        tally.add(new Answer(Outcome.WRONG, 200L, "asked for id 5, got id 9 value row-9"));
        tally.add(new Answer(Outcome.FAILED, 200L, "HTTP 500: database connection lost: it closed"));
        tally.add(new Answer(Outcome.FAILED, null, "timeout"));
        tally.add(new Answer(Outcome.FAILED, 100L, "HTTP 500: database connection lost: it closed"));
        tally.add(new Answer(Outcome.EMPTY, 100L, "no row for id 5"));
        return tally.report(PLAN, maxConnections, Duration.ofMillis(1500));
    }

    @Test
    void countsEachOutcomeWorkerAndReason() {
        LoadReport report = report(3);
        assertThat(report.requests()).isEqualTo(12);
        assertThat(report.correct()).isEqualTo(7);
        assertThat(report.wrong()).isEqualTo(1);
        assertThat(report.empty()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(3);
        assertThat(report.percent(Outcome.FAILED)).isEqualTo(25.0);
        assertThat(report.answersByWorker()).containsExactly(Map.entry(100L, 8L), Map.entry(200L, 3L));
        assertThat(report.failures()).containsExactly(Map.entry("HTTP 500: database connection lost: it closed", 2L),
                Map.entry("timeout", 1L));
        assertThat(report.wrongExamples()).containsExactly("asked for id 5, got id 9 value row-9");
        assertThat(report.phases()).isEqualTo("50 at once, then 1000 at concurrency 50");
    }

    @Test
    void theTableShowsCountsSharesWorkersConnectionsAndReasons() {
        String table = report(3).table();
        assertThat(table).startsWith("12 requests to http://127.0.0.1:8080 (50 at once, then 1000 at concurrency 50)"
                + " in 1.50 s, 8 requests/s");
        assertThat(table).contains("  correct        7   58.3%", "  wrong          1    8.3%",
                "  empty          1    8.3%", "  failed         3   25.0%",
                "answered by workers: pid 100 x 8, pid 200 x 3",
                "database connections during the run: at most 3",
                "failed:     2 x HTTP 500: database connection lost: it closed",
                "wrong, e.g.: asked for id 5, got id 9 value row-9");
        assertThat(report(null).table()).doesNotContain("database connections");
    }

    @Test
    void theJsonCarriesTheSameNumbers() {
        String json = report(null).json();
        assertThat(json).startsWith("{\"server\":\"http://127.0.0.1:8080\",\"phases\":\"50 at once, then 1000 at"
                + " concurrency 50\",\"requests\":12,\"correct\":7,\"wrong\":1,\"empty\":1,\"failed\":3,"
                + "\"durationMs\":1500,\"maxBackendConnections\":null,\"answersByWorker\":{\"100\":8,\"200\":3},");
        assertThat(json).endsWith("\"wrongExamples\":[\"asked for id 5, got id 9 value row-9\"]}");
    }

    @Test
    void keepsOnlyAFewWrongExamples() {
        Tally tally = new Tally();
        for (int i = 0; i < 20; i++) {
            tally.add(new Answer(Outcome.WRONG, 1L, "wrong " + i));
        }
        assertThat(tally.report(PLAN, null, Duration.ZERO).wrongExamples())
                .containsExactly("wrong 0", "wrong 1", "wrong 2", "wrong 3", "wrong 4");
    }
}
