package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.OPS;
import static io.mybouncer.proxy.ops.OpsFiles.list;
import static io.mybouncer.proxy.ops.OpsFiles.map;
import static io.mybouncer.proxy.ops.OpsFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioning under {@code ops/grafana/}: the data source is the compose stack's
 * Prometheus, the dashboard provider reads the folder compose mounts the dashboard JSON into, and
 * that JSON is a dashboard whose panels use the data source.
 */
class GrafanaProvisioningTest {
    private static final Path PROVISIONING = OPS.resolve("grafana/provisioning");
    static final Path DASHBOARD = OPS.resolve("grafana/dashboards/mybouncer.json");

    @Test
    void composeMountsTheProvisioningFolder() throws Exception {
        assertThat(ComposeStack.load().bindMountSource("grafana", "/etc/grafana/provisioning")).isEqualTo(PROVISIONING);
    }

    @Test
    void dataSourceIsTheStacksPrometheus() throws Exception {
        Map<String, Object> file = OpsFiles.yaml(PROVISIONING.resolve("datasources/prometheus.yml"));
        Map<?, ?> source = (Map<?, ?>) list(file, "datasources").get(0);

        assertThat(text(file, "apiVersion")).isEqualTo("1");
        assertThat(text(source, "type")).isEqualTo("prometheus");
        assertThat(text(source, "url")).isEqualTo("http://prometheus:9090");
        assertThat(ComposeStack.load().publishedContainerPorts("prometheus")).contains(9090);
    }

    @Test
    void dashboardProviderReadsTheFolderThatHoldsTheDashboard() throws Exception {
        Map<String, Object> file = OpsFiles.yaml(PROVISIONING.resolve("dashboards/mybouncer.yml"));
        Map<?, ?> provider = (Map<?, ?>) list(file, "providers").get(0);
        String path = text(map(provider, "options"), "path");
        ComposeStack stack = ComposeStack.load();

        assertThat(text(provider, "type")).isEqualTo("file");
        assertThat(stack.bindMountSource("grafana", path).resolve(DASHBOARD.getFileName()))
                .isEqualTo(DASHBOARD).isRegularFile();
        String home = text(map(stack.service("grafana"), "environment"),
                "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).isEqualTo(path + "/" + DASHBOARD.getFileName());
    }

    @Test
    void dashboardParsesAndEveryPanelQueriesThroughTheDataSourceVariable() throws Exception {
        JsonNode dashboard = OpsFiles.json(DASHBOARD);
        JsonNode variable = DashboardQueries.variables(dashboard).get("datasource");
        List<JsonNode> panels = DashboardQueries.panels(dashboard);

        assertThat(dashboard.path("uid").asText()).isEqualTo("mybouncer");
        assertThat(variable).as("a data source variable").isNotNull();
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).as("of the provisioned type").isEqualTo("prometheus");
        assertThat(panels).hasSizeGreaterThan(10);
        for (JsonNode panel : panels) {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> assertThat(target.path("expr").asText()).isNotBlank());
        }
    }

    @Test
    void dashboardShowsTheKeyMetrics() throws Exception {
        assertThat(DashboardQueries.metricNames(OpsFiles.json(DASHBOARD))).contains(
                "mybouncer_client_connections", "mybouncer_server_connections", "mybouncer_pool_waiting_clients",
                "mybouncer_pool_acquire_wait_seconds_bucket", "mybouncer_queries_total", "mybouncer_transactions_total",
                "mybouncer_errors_total", "mybouncer_client_received_bytes_total", "mybouncer_client_sent_bytes_total",
                "mybouncer_backend_connects_total", "mybouncer_server_closes_total");
    }
}
