package io.mybouncer.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.config.AuthMode;
import io.mybouncer.proxy.config.BackendConfig;
import io.mybouncer.proxy.config.ClientSettings;
import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.config.HostPort;
import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.PoolSettings;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.config.ReloadPlan;
import io.mybouncer.proxy.frontend.ProxyError;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The select lists and SHOW forms drivers send at connect, parsed and answered. */
class DriverProbesTest {
    private static final ProxyConfig CONFIG = new ProxyConfig(
            List.of(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP)), BackendConfig.of(new HostPort("db", 3306)),
            AuthMode.PASSTHROUGH, List.of(), PoolSettings.defaults(), Optional.empty(), Optional.empty(),
            ClientSettings.defaults(), 1, ForkSafetyPolicy.REJECT, AdminSettings.defaults());
    private final DriverProbes probes = new DriverProbes(new ProxyControl() {
        @Override
        public ProxyConfig config() {
            return CONFIG;
        }

        @Override
        public Optional<String> backendVersion() {
            return Optional.of("8.4.3");
        }

        @Override
        public ReloadPlan reload() {
            throw new AssertionError("not in this test");
        }

        @Override
        public void shutdown() {
            throw new AssertionError("not in this test");
        }
    });

    private static ConsoleAnswer.Table table(ConsoleAnswer answer) {
        assertThat(answer).isInstanceOf(ConsoleAnswer.Table.class);
        return (ConsoleAnswer.Table) answer;
    }

    @Test
    void theCommandLineClientsVersionComment() {
        ConsoleAnswer.Table table = table(probes.select("@@version_comment LIMIT 1", null));

        assertThat(table.columns()).containsExactly(ConsoleAnswer.Column.text("@@version_comment"));
        assertThat(table.rows().get(0).get(0)).startsWith("mybouncer ").endsWith(" admin console");
    }

    @Test
    void connectorJsSessionVariablesByAliasUnknownOnesNull() {
        ConsoleAnswer.Table table = table(probes.select("@@session.auto_increment_increment AS"
                + " auto_increment_increment, @@character_set_client AS character_set_client, @@max_allowed_packet"
                + " AS max_allowed_packet, @@version, @@no_such_thing AS `odd`, 1, 'x' AS y", null));

        assertThat(table.columns()).extracting(ConsoleAnswer.Column::name).containsExactly("auto_increment_increment",
                "character_set_client", "max_allowed_packet", "@@version", "odd", "1", "y");
        assertThat(table.columns().get(5).numeric()).isTrue();
        assertThat(table.rows()).containsExactly(Arrays.asList("1", "utf8mb4",
                String.valueOf(ClientSettings.defaults().maxPacketSize()), "8.4.3", null, "1", "x"));
    }

    @Test
    void selectingAnythingElseIsRefused() {
        ConsoleAnswer refused = probes.select("* FROM t", null);

        assertThat(refused).isInstanceOf(ConsoleAnswer.Refused.class);
        assertThat(((ConsoleAnswer.Refused) refused).error()).isEqualTo(ProxyError.ADMIN_SYNTAX);
    }

    @Test
    void showVariablesFiltersByLike() {
        assertThat(table(probes.variables("like 'character_set_c%'", null)).rows()).containsExactly(
                List.of("character_set_client", "utf8mb4"), List.of("character_set_connection", "utf8mb4"));
        assertThat(table(probes.variables("", null)).rows()).hasSizeGreaterThan(10);
        assertThat(probes.variables("WHERE 1", null)).isInstanceOf(ConsoleAnswer.Refused.class);
    }

    @Test
    void useStaysOnTheConsoleOnly() {
        assertThat(probes.use("`mybouncer`", null)).isEqualTo(new ConsoleAnswer.Done(""));
        assertThat(probes.use("shop", null)).isEqualTo(ConsoleAnswer.Refused.of(ProxyError.ADMIN_UNKNOWN_DATABASE,
                "shop"));
    }
}
