package io.mybouncer.prefork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.load.IdOrder;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.protocol.client.ServerAddress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadCommandTest {
    private static final URI SERVER = URI.create("http://127.0.0.1:8080");

    private final StringWriter err = new StringWriter();

    private LoadCommand parse(Map<String, String> environment, String... args) {
        LoadCommand command = new LoadCommand(environment);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private int run(String... args) {
        return new CommandLine(new LoadCommand(Map.of())).setErr(new PrintWriter(err, true)).execute(args);
    }

    @Test
    void aBurstThenTheRestIsTheSeedExperiment() {
        LoadCommand command = parse(Map.of(), "--url", SERVER.toString(), "--burst", "50");

        assertThat(command.plan()).isEqualTo(LoadPlan.seedExperiment(SERVER));
        assertThat(command.backendLogin()).isNull();
    }

    @Test
    void takesEveryOption() {
        LoadCommand command = parse(Map.of("ROOT_PASSWORD", "r00t"), "--url", SERVER.toString(), "--requests", "10",
                "--concurrency", "3", "--ids", "sequential", "--max-id", "7", "--timeout-ms", "1500",
                "--backend", "127.0.0.1:3306", "--backend-user", "root", "--backend-password-env", "ROOT_PASSWORD");

        assertThat(command.plan()).isEqualTo(new LoadPlan(SERVER, List.of(new LoadPlan.Phase(10, 3)),
                IdOrder.SEQUENTIAL, 7, Duration.ofMillis(1500)));
        assertThat(command.backendLogin()).isEqualTo(new DbLogin(new ServerAddress.Tcp("127.0.0.1", 3306), "root",
                "r00t", null));
    }

    @Test
    void outOfRangeValuesAreUsageErrorsNamingTheOption() {
        assertThat(run("--url", SERVER.toString(), "--concurrency", "0")).isEqualTo(2);
        assertThat(run("--url", SERVER.toString(), "--requests", "0")).isEqualTo(2);
        assertThat(run("--url", SERVER.toString(), "--burst", "-1")).isEqualTo(2);
        assertThat(run("--url", SERVER.toString(), "--ids", "sideways")).isEqualTo(2);
        assertThat(run("--url", SERVER.toString(), "--max-id", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--concurrency: 0 (expected: 1..1000)", "--requests: 0 (expected: >= 1)",
                "--burst: -1 (expected: 0..1000)", "--ids: 'sideways' (expected: random or sequential)",
                "--max-id: 0 (expected: >= 1)");
    }

    @Test
    void samplingNeedsTheBackendAndItsUser() {
        assertThat(run("--url", SERVER.toString(), "--backend-user", "root")).isEqualTo(2);
        assertThat(run("--url", SERVER.toString(), "--backend", "127.0.0.1:3306")).isEqualTo(2);
        assertThat(err.toString()).contains("--backend-user and --backend-password-env need --backend",
                "--backend needs --backend-user");
    }
}
