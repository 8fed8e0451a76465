package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.protocol.client.ServerAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentTableTest {
    private static final DbLogin DB = new DbLogin(new ServerAddress.Unix(Path.of("/run/mybouncer.sock")), "app", "",
            "demo");

    private static ForkExperiment.Result result(String label, long correct, long failed, Map<String, Long> failures,
            Integer connections, boolean throughMybouncer, long hazardErrors) {
        return new ForkExperiment.Result(new ForkExperiment.Configuration(label, DbMode.PER_WORKER, DB,
                throughMybouncer), new LoadReport("http://127.0.0.1:8080", "50 at once", correct, 0, 0, failed,
                        Map.of(), failures, List.of(), connections, Duration.ofSeconds(1)), hazardErrors);
    }

    @Test
    void oneRowPerConfigurationUnderTheOutcomesThenTheFailureReasonsWithoutControlCharacters() {
        Map<String, Long> failures = new LinkedHashMap<>();
        failures.put("HTTP 500: first", 30L);
        failures.put("HTTP 500: second", 10L);
        failures.put("HTTP 500: third", 5L);
        failures.put("HTTP 500: fourth", 2L);
        failures.put("HTTP 500: fifth", 1L);

        String table = ExperimentTable.format(List.of(result("shared", 2, 48, failures, 1, false, 0),
                result("a connection each", 50, 0, Map.of(), null, true, 0),
                result("stopped", 0, 1, Map.of("HTTP 500: ERROR 1184 \u0001\u0000\u0001\u00ff", 1L), 1, true, 2)));

        assertThat(table.lines().toList()).containsExactly(
                "                   correct    wrong    empty   failed  MariaDB connections  mybouncer ERR 1184",
                "shared                   2        0        0       48                    1                   -",
                "a connection each       50        0        0        0                    ?                   0",
                "stopped                  0        0        0        1                    1                   2",
                "",
                "Why requests failed, shared:",
                "     30 x HTTP 500: first",
                "     10 x HTTP 500: second",
                "      5 x HTTP 500: third",
                "  and 2 other reasons",
                "",
                "Why requests failed, stopped:",
                "      1 x HTTP 500: ERROR 1184 ???\u00ff");
    }
}
