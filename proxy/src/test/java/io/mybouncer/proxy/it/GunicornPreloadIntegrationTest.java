package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-world example, ops/examples/gunicorn-preload: a Flask + SQLAlchemy + PyMySQL app under
 * gunicorn --preload (Debian's python3 packages), run by its own check script against the private
 * MariaDB and a mybouncer in front of it. The script asserts each configuration's outcome (the
 * hazard directly and, still, with the preloaded pool through mybouncer; every answer right with a
 * connection per worker or per request through mybouncer) and exits 1 when one does not hold. This
 * test adds what the proxy saw: no false alarm on the fixed configurations, at most the one shared
 * connection stopped, and stopped whenever its ERR reached the app.
 */
@ExtendWith(TestBackendExtension.class)
class GunicornPreloadIntegrationTest {
    /** The module's folder is the working directory of the tests; the example sits beside it. */
    private static final Path SCRIPT = Path.of("..", "ops", "examples", "gunicorn-preload", "check.py")
            .toAbsolutePath().normalize();
    /** Four gunicorn runs of 1,050 requests each, on a busy two-core machine. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final int CONFIGURATIONS = 4;
    private static final String SHARED_SERIES = "mybouncer_fork_hazards_total{action=\"rejected\",verdict=\"shared\"}";
    private static final String UNEXPLAINED_SERIES =
            "mybouncer_fork_hazards_total{action=\"rejected\",verdict=\"unexplained\"}";
    /** The preloaded pool through mybouncer, when the proxy's ERR reached an answer or the app's log. */
    private static final String STOPPED_RESULT = "RESULT {\"scenario\": \"preloaded pool, through mybouncer\"";

    private static TestBackend backend;
    private static RunningProxy proxy;

    @BeforeAll
    static void seedAndStartProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        KnownRows.seed(new DbLogin(new ServerAddress.Tcp(backend.host(), backend.port()), backend.user(),
                backend.password(), TestBackend.SCHEMA), (int) LoadPlan.DEFAULT_MAX_ID);
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults());
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aPreloadedPoolStaysBrokenEvenThroughMybouncerAndAConnectionPerWorkerOrRequestIsRight(@TempDir Path directory)
            throws Exception {
        assertThat(SCRIPT).exists();
        double sharedBefore = proxy.metrics().value(SHARED_SERIES);
        double unexplainedBefore = proxy.metrics().value(UNEXPLAINED_SERIES);
        Path output = directory.resolve("check.out");
        ProcessBuilder check = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(),
                "--mariadb", backend.host() + ":" + backend.port(),
                "--mybouncer", RunningProxy.HOST + ":" + proxy.port(),
                "--user", proxy.user(), "--database", TestBackend.SCHEMA)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        check.environment().put("DB_PASSWORD", proxy.password());
        Process script = check.start();
        boolean ended = script.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            script.destroyForcibly().waitFor();
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        lines.forEach(System.out::println);

        assertThat(ended).as("the script ends within %s", SCRIPT_TIMEOUT).isTrue();
        assertThat(script.exitValue()).as("the script's checks; it printed%n%s", String.join("\n", lines)).isZero();
        assertThat(lines).filteredOn(line -> line.startsWith("RESULT ")).hasSize(CONFIGURATIONS);
        assertThat(lines).contains("all checks passed");
        double shared = proxy.metrics().value(SHARED_SERIES) - sharedBefore;
        assertThat(proxy.metrics().value(UNEXPLAINED_SERIES) - unexplainedBefore).as("overlaps the OS could not"
                + " explain").isZero();
        assertThat(shared).as("connections stopped as shared: at most the preloaded pool's one").isBetween(0.0, 1.0);
        boolean errReachedApp = lines.stream().anyMatch(line -> line.startsWith(STOPPED_RESULT)
                && line.contains("\"hazard_reached_app\": true"));
        if (errReachedApp) {
            assertThat(shared).as("the app got mybouncer's ERR 1184, so the proxy stopped the connection").isEqualTo(1);
        }
    }
}
