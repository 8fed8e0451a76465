package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.OPS;
import static io.mybouncer.proxy.ops.OpsFiles.list;
import static io.mybouncer.proxy.ops.OpsFiles.map;
import static io.mybouncer.proxy.ops.OpsFiles.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ops/prometheus/prometheus.yml} parses and scrapes mybouncer where the compose stack serves it. */
class PrometheusConfigTest {
    private static final Path CONFIG = OPS.resolve("prometheus/prometheus.yml");

    @Test
    void composeMountsItWherePrometheusReadsItsConfiguration() throws Exception {
        assertThat(ComposeStack.load().bindMountSource("prometheus", "/etc/prometheus/prometheus.yml"))
                .isEqualTo(CONFIG);
    }

    @Test
    void scrapesTheMybouncerServiceOnItsHttpPort() throws Exception {
        Map<String, Object> config = OpsFiles.yaml(CONFIG);
        List<Object> jobs = list(config, "scrape_configs");
        Map<?, ?> job = jobs.stream().map(Map.class::cast)
                .filter(candidate -> "mybouncer".equals(candidate.get("job_name")))
                .findFirst().orElseThrow(() -> new AssertionError("no scrape job mybouncer in " + CONFIG));
        List<Object> targets = list(list(job, "static_configs").get(0), "targets");
        int httpPort = ComposeStack.load().mybouncerConfig().http().orElseThrow().port();

        assertThat(text(job, "metrics_path")).isEqualTo("/metrics");
        assertThat(targets).containsExactly("mybouncer:" + httpPort);
        assertThat(text(map(config, "global"), "scrape_interval")).matches("\\d+s");
    }
}
