package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fork hazard for real: a Python client (PyMySQL) logs in through the proxy and forks, and both
 * processes use the one connection; the proxy must stop it with an ERR for each, never hand one
 * process the other's answer. And the other side: one process that pipelines two queries gets both
 * answers, without an ERR.
 */
@ExtendWith(TestBackendExtension.class)
class ForkHazardIntegrationTest {
    private static final Path SCRIPT = resource("forksafety/shared_connection.py");

    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults().withHttp());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(ForkHazardIntegrationTest.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the script in {@code mode} and returns the lines it printed, sorted. */
    private static List<String> run(String mode) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), RunningProxy.HOST,
                String.valueOf(proxy.port()), proxy.user(), proxy.password(), TestBackend.SCHEMA, mode)
                .redirectErrorStream(true)
                .start();
        List<String> lines;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8))) {
            lines = out.lines().sorted().toList();
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
        assertThat(python.exitValue()).as("the script's exit code; it printed %s", lines).isZero();
        return lines;
    }

    private static double hazards() throws IOException, InterruptedException {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(proxy.httpBase() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return PrometheusText.parse(text).value("mybouncer_fork_hazards_total{action=\"rejected\",verdict=\"shared\"}");
    }

    /**
     * Each process gets the ERR, unless one's buffered read took both ERRs off the shared socket: then
     * the other's read times out. Either way no process gets an answer at all, let alone the other's.
     */
    @Test
    void twoProcessesOnOneConnectionGetTheForkHazardErrorAndNeitherGetsAnAnswer() throws Exception {
        double before = hazards();

        List<String> lines = run("fork");

        assertThat(lines).hasSize(2).noneMatch(line -> line.contains(" ok "));
        assertThat(lines).anyMatch(line -> line.matches("(child|parent) error 1184 mybouncer stopped this connection:"
                + " it is used by more than one process \\(processes \\d+, \\d+\\).*open connections after fork.*"));
        assertThat(lines).allMatch(line -> line.contains("error 1184") || line.contains("error 2013"));
        assertThat(hazards() - before).isEqualTo(1);
    }

    @Test
    void oneProcessPipeliningGetsBothAnswers() throws Exception {
        double before = hazards();

        assertThat(run("pipeline")).containsExactly("first ok first", "second ok second");
        assertThat(hazards()).isEqualTo(before);
    }
}
