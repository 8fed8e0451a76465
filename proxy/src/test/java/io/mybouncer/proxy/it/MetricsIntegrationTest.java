package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.ProxyServer;
import io.mybouncer.proxy.config.ConfigLoader;
import io.mybouncer.proxy.config.ConfigOverrides;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP endpoint after real traffic through MariaDB Connector/J: {@code /metrics} names,
 * labels and help text, and counters that move by what the traffic did; the health paths.
 */
@ExtendWith(TestBackendExtension.class)
class MetricsIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LABEL_NAME = Pattern.compile("[{,]([a-z_]+)=\"");

    private static TestBackend backend;
    private static RunningProxy proxy;
    private static String pool;

    @BeforeAll
    static void startProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults().withHttp());
        pool = proxy.user() + "/" + TestBackend.SCHEMA;
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(proxy.httpBase() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
        return PrometheusText.parse(response.body());
    }

    private static Connection connect(String password) throws SQLException {
        return JdbcClient.MARIADB.connect(proxy, TestBackend.SCHEMA, proxy.user(), password, "");
    }

    @Test
    void countersMoveByWhatTheTrafficDid() throws Exception {
        PrometheusText before = scrape();
        try (Connection connection = connect(proxy.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS metrics_t (id INT PRIMARY KEY) ENGINE=InnoDB");
            statement.execute("DELETE FROM metrics_t");
            for (int i = 0; i < 3; i++) {
                try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                    assertThat(rows.next()).isTrue();
                }
            }
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO metrics_t VALUES (1)");
            statement.execute("INSERT INTO metrics_t VALUES (2)");
            connection.commit();
            connection.setAutoCommit(true);
            assertThatThrownBy(() -> statement.execute("SELECT no_such_column FROM metrics_t"))
                    .isInstanceOf(SQLException.class);

            PrometheusText during = scrape();
            assertThat(during.value("mybouncer_client_connections{state=\"active\"}"))
                    .as("this connection holds its backend (session mode)").isGreaterThanOrEqualTo(1);
            assertThat(during.value("mybouncer_server_connections{pool=\"" + pool + "\",state=\"active\"}"))
                    .isGreaterThanOrEqualTo(1);
        }
        assertThatThrownBy(() -> connect("wrong-" + proxy.password())).isInstanceOf(SQLException.class);
        PrometheusText after = scrape();

        assertThat(moved(before, after, "mybouncer_queries_total")).as("the 8 statements, and the driver's own")
                .isGreaterThanOrEqualTo(8);
        assertThat(moved(before, after, "mybouncer_query_duration_seconds_count"))
                .isEqualTo(moved(before, after, "mybouncer_queries_total"));
        assertThat(moved(before, after, "mybouncer_query_duration_seconds_bucket{le=\"10.0\"}"))
                .as("every statement took less than 10 s").isEqualTo(moved(before, after, "mybouncer_queries_total"));
        assertThat(moved(before, after, "mybouncer_transactions_total"))
                .as("6 autocommit statements and one explicit transaction, at least").isGreaterThanOrEqualTo(7);
        assertThat(moved(before, after, "mybouncer_errors_total{reason=\"backend_error\"}")).isEqualTo(1);
        assertThat(moved(before, after, "mybouncer_errors_total{reason=\"access_denied\"}")).isEqualTo(1);
        assertThat(moved(before, after, "mybouncer_client_received_bytes_total")).isPositive();
        assertThat(moved(before, after, "mybouncer_client_sent_bytes_total")).isPositive();
        assertThat(after.value("mybouncer_pool_acquire_wait_seconds_count{pool=\"" + pool + "\"}")).isPositive();
        assertThat(after.value("mybouncer_backend_connects_total{pool=\"" + pool + "\",result=\"success\"}"))
                .isPositive();
        assertThat(after.value("mybouncer_pool_waiting_clients{pool=\"" + pool + "\"}")).isZero();
        assertThat(after.value("mybouncer_server_closes_total{pool=\"" + pool + "\",reason=\"reset_failed\"}"))
                .isZero();
        assertThat(after.value("mybouncer_config_generation")).isEqualTo(1);
        assertThat(after.samples().keySet()).anyMatch(series -> series.startsWith("mybouncer_info{")
                && series.contains("pool_mode=\"session\""));
    }

    @Test
    void everyMetricHasHelpTextAndOnlyLowCardinalityLabels() throws Exception {
        try (Connection connection = connect(proxy.password()); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1"); // so that a pool, and its meters, exist
        }
        PrometheusText text = scrape();

        List<String> families = List.of("mybouncer_info", "mybouncer_config_generation", "mybouncer_client_connections",
                "mybouncer_server_connections", "mybouncer_pool_waiting_clients", "mybouncer_pool_acquire_wait_seconds",
                "mybouncer_queries_total", "mybouncer_query_duration_seconds", "mybouncer_transactions_total",
                "mybouncer_client_received_bytes_total", "mybouncer_client_sent_bytes_total", "mybouncer_errors_total",
                "mybouncer_backend_connects_total", "mybouncer_server_closes_total", "mybouncer_fork_hazards_total");
        assertThat(text.helped()).containsAll(families);
        assertThat(text.samples().keySet()).allMatch(series -> series.startsWith("mybouncer_"));
        Set<String> labelNames = text.samples().keySet().stream()
                .flatMap(series -> LABEL_NAME.matcher(series).results().map(match -> match.group(1)))
                .collect(Collectors.toSet());
        assertThat(labelNames).isSubsetOf("pool", "state", "reason", "result", "le", "version", "pool_mode", "verdict",
                "action");
    }

    @Test
    void healthPathsAnswerAndOthersAreRefused() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        assertThat(get("/nowhere").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.httpBase() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
    }

    @Test
    void notReadyWhileTheBackendCannotBeReached() throws Exception {
        int httpPort = RunningProxy.freePort();
        ConfigOverrides flags = new ConfigOverrides(Optional.of(RunningProxy.HOST + ":" + RunningProxy.freePort()),
                Optional.empty(), Optional.of(RunningProxy.HOST + ":" + RunningProxy.freePort()), List.of("app:secret"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(RunningProxy.HOST + ":" + httpPort),
                Optional.empty(), Optional.empty(), Optional.empty());
        try (ProxyServer server = new ProxyServer(new ConfigLoader(Map.of()).load(Optional.empty(), flags))) {
            server.start();
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://" + RunningProxy.HOST + ":" + httpPort + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).startsWith("not ready: the backend's greeting has not been read yet");
        }
    }

    private static double moved(PrometheusText before, PrometheusText after, String series) {
        return after.value(series) - before.samples().getOrDefault(series, 0.0);
    }
}
