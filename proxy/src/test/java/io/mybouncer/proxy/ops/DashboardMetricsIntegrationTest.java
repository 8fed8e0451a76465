package io.mybouncer.proxy.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.ProxyServer;
import io.mybouncer.proxy.config.ConfigLoader;
import io.mybouncer.proxy.config.ConfigOverrides;
import io.mybouncer.proxy.config.ProxyConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric the Grafana dashboard queries is one a live proxy exports: mybouncer started from the
 * compose stack's configuration (addresses moved to free loopback ports, the backend the test
 * MariaDB), real traffic through MariaDB Connector/J, then its {@code /metrics} read back.
 */
@ExtendWith(TestBackendExtension.class)
class DashboardMetricsIntegrationTest {
    /**
     * Metrics the dashboard shows before mybouncer exports them: pins arrive with transaction pool
     * mode. The only names allowed to be missing, and only in their row.
     */
    /** Series a histogram exports besides its family name. */
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");
    private static final String HOST = "127.0.0.1";

    private static ProxyServer proxy;
    private static String metricsUrl;
    private static int port;
    private static TestBackend backend;

    @BeforeAll
    static void startProxyFromTheComposeConfiguration(TestBackend testBackend) throws Exception {
        backend = testBackend;
        port = freePort();
        int httpPort = freePort();
        ConfigOverrides flags = new ConfigOverrides(Optional.of(HOST + ":" + port), Optional.empty(),
                Optional.of(backend.host() + ":" + backend.port()), List.of(backend.user() + ":" + backend.password()),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(HOST + ":" + httpPort),
                Optional.empty(), Optional.of(1), Optional.empty());
        ComposeStack stack = ComposeStack.load();
        ProxyConfig config = new ConfigLoader(stack.environment("mybouncer"))
                .load(Optional.of(stack.mybouncerConfigFile()), flags);
        proxy = new ProxyServer(config);
        proxy.start();
        proxy.whenReady().get(30, TimeUnit.SECONDS);
        metricsUrl = "http://" + HOST + ":" + httpPort + "/metrics";
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A port nobody listens on now (the proxy cannot be asked for port 0). */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    private static Connection connect(String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + port + "/" + TestBackend.SCHEMA,
                backend.user(), password);
    }

    /** Statements, a transaction, a server error and a refused login: every family has series. */
    private static void realTraffic() throws SQLException {
        try (Connection connection = connect(backend.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS dashboard_t (id INT PRIMARY KEY) ENGINE=InnoDB");
            statement.execute("DELETE FROM dashboard_t");
            try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
            connection.setAutoCommit(false);
            statement.execute("INSERT INTO dashboard_t VALUES (1)");
            connection.commit();
            connection.setAutoCommit(true);
            assertThatThrownBy(() -> statement.execute("SELECT no_such_column FROM dashboard_t"))
                    .isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> connect("wrong-" + backend.password())).isInstanceOf(SQLException.class);
    }

    /** The metric families of a live scrape, by name, with their type ({@code # TYPE name type}). */
    private static Map<String, String> exportedFamilies() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, String> families = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                families.put(parts[2], parts[3]);
            }
        }
        return families;
    }

    /** Whether a name in PromQL is exported: a family itself, or a histogram's bucket, sum or count. */
    private static boolean exported(String name, Map<String, String> families) {
        if (families.containsKey(name)) {
            return true;
        }
        return HISTOGRAM_SUFFIXES.stream().filter(name::endsWith)
                .map(suffix -> name.substring(0, name.length() - suffix.length()))
                .anyMatch(family -> "histogram".equals(families.get(family)));
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        realTraffic();
        Map<String, String> families = exportedFamilies();
        Set<String> queried = DashboardQueries.metricNames(OpsFiles.json(GrafanaProvisioningTest.DASHBOARD));

        Set<String> missing = queried.stream().filter(name -> !exported(name, families))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(queried).isNotEmpty();
        assertThat(missing).as("queried by the dashboard, not exported (exported: %s)",
                new TreeSet<>(families.keySet())).isEmpty();
    }
}
